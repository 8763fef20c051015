package io.rapport.attributes.api;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A profile's values and, beside them, which of them are not served by their type: those are shown as
 * their JSON as last written. Profiles carry the statuses as {@code attribute_status}.
 *
 * @since 1.1
 */
public final class AttributeValues {
    /** The profile section that lists the statuses, key to status. */
    public static final String STATUS_SECTION = "attribute_status";
    /** The value's type is not installed: shown as last written, read-only until the type returns. */
    public static final String TYPE_UNAVAILABLE = "type-unavailable";
    /** The value's type failed to format it (threw, timed out, or answered something that is not JSON). */
    public static final String TYPE_FAILED = "type-failed";

    /** Key to JSON value, sorted by key. */
    public final Map<String, Object> values;
    /** Key to {@link #TYPE_UNAVAILABLE} or {@link #TYPE_FAILED}, only for the values not served by their type. */
    public final Map<String, String> status;

    public AttributeValues(Map<String, Object> values, Map<String, String> status) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.status = Collections.unmodifiableMap(new TreeMap<>(status));
    }
}
