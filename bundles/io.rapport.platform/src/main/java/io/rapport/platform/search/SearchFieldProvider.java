package io.rapport.platform.search;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import io.rapport.platform.errors.DomainException;

/**
 * Makes the fields a bundle owns searchable. Registered as a service with {@value #MODELS} naming the
 * models it has fields of ({@code person}, {@code company}). The search bundle:
 * <ol>
 * <li>calls {@link #fields(String)} when it plans a query (so fields may come and go, e.g. custom
 * attributes as they are defined);</li>
 * <li>calls {@link #load(String, IndexSink)} when the provider appears (and at start), to index every
 * current value;</li>
 * <li>calls {@link #apply(String, String, String, java.util.Map, IndexSink)} for each change-log entry
 * whose topic starts with one of {@link #topics()}, after it is committed (within a second), so that
 * the provider writes the new values of what the change touched.</li>
 * </ol>
 * Values written for a subject the owning bundle has not announced yet are kept and count once it is.
 */
@ConsumerType
public interface SearchFieldProvider {
    /** Service property: the models this provider has fields of. */
    String MODELS = "rapport.search.models";

    /** The provider's fields of {@code model}, by name: plain ({@code name}) or dotted by owner ({@code attributes.plan}, {@code companies.industry}). */
    List<SearchField> fields(String model);

    /**
     * Why a field this provider would own is not searchable now, or null: e.g. {@code attributes.plan}
     * while the plan definition is archived. Lets the search answer a 400 that says more than "unknown".
     */
    default String unavailable(String model, String field) {
        return null;
    }

    /** Writes every current value of its fields of {@code model} (and, for the owning bundle, every subject). */
    void load(String model, IndexSink sink);

    /** Change-log topic prefixes whose changes may alter its fields, e.g. {@code rapport/tags/}. */
    List<String> topics();

    /**
     * Writes the values a committed change altered, read from the provider's own store (absolute
     * values, never deltas).
     *
     * @throws DomainException or any exception to have the change offered again later
     */
    void apply(String topic, String model, String subjectId, java.util.Map<String, Object> data, IndexSink sink) throws Exception;
}
