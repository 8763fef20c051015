package io.rapport.attributes.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.Page;

/**
 * Custom attribute definitions and their values. Failures are the kinds of
 * {@code io.rapport.platform.errors}: invalid naming the field (for values {@code attributes.<key>}), not
 * found, conflict (key taken, type change or option removal while values use them, a value whose type is
 * not installed), stale version when {@code expectedVersion} (from If-Match; null means any) is stale,
 * and {@code PluginCallException}s when a type's plugin throws, hangs or is saturated.
 * {@code actor} names who made the change, for the timeline.
 */
@ProviderType
public interface AttributesService {
    /** The installed types, by name. */
    List<AttributeTypeInfo> types();

    AttributeDefinition define(AttributeDefinitionData data, String actor);

    Optional<AttributeDefinition> definition(String model, String key);

    /** Newest first; {@code model} null lists both models. */
    Page<AttributeDefinition> definitions(String model, String cursor, int limit);

    /**
     * Applies a JSON merge patch to {@code label}, {@code description}, {@code type}, {@code options} and
     * {@code archived}; {@code key} and {@code model} are immutable.
     */
    AttributeDefinition patch(String model, String key, Map<String, Object> mergePatch, Long expectedVersion, String actor);

    /** Deletes a definition and all its values; answers how many values were deleted. */
    long delete(String model, String key, Long expectedVersion, String actor);

    /**
     * A profile's values, key to JSON value as its type formats it (archived attributes included). A
     * value whose type is not installed, or failed to format it, is its JSON as last written.
     */
    Map<String, Object> values(String model, String subjectId);

    /**
     * A profile's values as {@link #values}, with the status of those not served by their type.
     *
     * @since 1.1
     */
    AttributeValues valuesAndStatus(String model, String subjectId);

    /**
     * Checks values before they are set: key to JSON value, null removing it. Setting or removing a value
     * whose type is not installed is a 409: such values are read-only until the type returns.
     */
    void checkValues(String model, String subjectId, Map<String, Object> values);

    /**
     * Sets (null: removes) values of one profile in one transaction; answers the changes as
     * {@code attributes.<key>} to {@code {"old": ..., "new": ...}} (only keys whose value changed).
     */
    Map<String, Map<String, Object>> setValues(String model, String subjectId, Map<String, Object> values, String actor);

    /** Removes every value of a profile (when it is deleted); answers how many were removed. */
    long deleteValues(String model, String subjectId);

    /**
     * Checks the values of many profiles at once, as {@link #checkValues} does each (with one read of the
     * definitions), for bulk imports: the problem of each entry, in order, or null when it passes.
     *
     * @since 1.2
     */
    List<io.rapport.platform.errors.DomainException> checkValuesBatch(String model, List<Map<String, Object>> values);

    /**
     * Sets (null: removes) values of many profiles in one transaction, for bulk imports: subject id to
     * its values, as {@link #setValues} takes them. Other values of the profiles are kept. Each changed
     * value is recorded as {@link AttributesEvents#SET}, as by {@link #setValues}. A subject whose values
     * do not pass is left untouched and answered with its problem.
     *
     * @since 1.2
     */
    ValuesBatch setValuesBatch(String model, Map<String, Map<String, Object>> valuesBySubject, String actor);

    /** What {@link #setValuesBatch} did. @since 1.2 */
    final class ValuesBatch {
        /** Subject id to its changes, as {@link #setValues} answers them (only subjects with changes). */
        public final Map<String, Map<String, Map<String, Object>>> changes;
        /** Subject id to why it was left untouched. */
        public final Map<String, io.rapport.platform.errors.DomainException> failed;

        public ValuesBatch(Map<String, Map<String, Map<String, Object>>> changes, Map<String, io.rapport.platform.errors.DomainException> failed) {
            this.changes = java.util.Collections.unmodifiableMap(changes);
            this.failed = java.util.Collections.unmodifiableMap(failed);
        }
    }
}
