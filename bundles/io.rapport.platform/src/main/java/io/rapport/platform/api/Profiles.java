package io.rapport.platform.api;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Assembles profiles from the sections other bundles own. The people and companies resources use it for
 * {@code GET ...?include=} and for the parts of a {@code PATCH} that belong to other bundles (such as
 * {@code attributes}). Sections and fields are looked up when asked, so bundles may come and go.
 */
@ProviderType
public interface Profiles {
    /** The field that lists the sections that were asked for but are not available, with the reason. */
    String UNAVAILABLE = "unavailable";

    /**
     * Adds to {@code profile} (a JSON object form) the sections named in {@code include} (comma
     * separated, may be null) and those every read includes. A section whose bundle is not running, or
     * that fails, is listed under {@value #UNAVAILABLE} with the reason instead. A name that is no section
     * of this model (a typo) is a 400 naming {@code include} and the sections there are.
     */
    Map<String, Object> assemble(String model, String subjectId, Map<String, Object> profile, String include);

    /**
     * Splits a patch: answers the part owned by other bundles ({@link ProfileField}s), after checking it
     * (400 naming the key; 503 for a well-known field whose bundle is not running). The caller keeps the
     * rest.
     */
    Map<String, Object> extensionsOf(String model, String subjectId, Map<String, Object> patch);

    /**
     * The conditions for the list filters other bundles own ({@link SubjectFilter}) among a list
     * request's query parameters, over the id column {@code idColumn}. A well-known filter whose bundle
     * is not running (e.g. {@code tag}) is a 400 naming the parameter; other parameters are ignored.
     */
    java.util.List<SubjectFilter.Condition> filters(String model, String idColumn, Map<String, java.util.List<String>> queryParameters);

    /**
     * As {@link #filters(String, String, Map)}, but strict: a query parameter that is neither one of
     * {@code ownParameters} (those the list resource reads itself) nor a list filter for this model is a
     * 400 naming it and the parameters allowed; a typo must not silently widen a list.
     */
    java.util.List<SubjectFilter.Condition> filters(String model, String idColumn, Map<String, java.util.List<String>> queryParameters,
            java.util.Set<String> ownParameters);

    /**
     * Runs {@code write} while no other write of the same profile runs through this method in this
     * runtime: a patch whose parts are committed by several bundles (the profile's own fields, then its
     * attributes) checks If-Match, writes every part and takes its new version as one step. Until one
     * transaction spans the bundles, this is what keeps a concurrent read-modify-write from losing an
     * update; it does not span several nodes.
     */
    <T> T exclusively(String model, String subjectId, java.util.function.Supplier<T> write);

    /** Writes the extension part of a patch (after the caller has written its own part). */
    Map<String, Map<String, Object>> writeExtensions(String model, String subjectId, Map<String, Object> extensions, String actor);
}
