package io.rapport.platform.api;

import io.rapport.platform.errors.InvalidException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a JSON object (as parsed into maps, lists, strings, numbers, booleans and nulls) field by field,
 * collecting every problem with the field's name instead of stopping at the first. Domain bundles use it
 * to turn request bodies into their types; {@link #throwIfInvalid()} ends with one 400 listing them all.
 */
public final class JsonObjectReader {
    private final Map<String, Object> object;
    private final String prefix;
    private final List<FieldError> errors;

    public JsonObjectReader(Map<String, Object> object) {
        this(object, "", new ArrayList<>());
    }

    private JsonObjectReader(Map<String, Object> object, String prefix, List<FieldError> errors) {
        this.object = object == null ? Map.of() : object;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** Reports every key not in {@code known} as an unknown field, naming the ones that are allowed. */
    public JsonObjectReader onlyKnown(Set<String> known) {
        for (String key : object.keySet()) {
            if (!known.contains(key)) {
                error(key, "unknown field; allowed fields are " + String.join(", ", new TreeSet<>(known)));
            }
        }
        return this;
    }

    public boolean has(String key) {
        return object.containsKey(key);
    }

    public Set<String> keys() {
        return object.keySet();
    }

    /** The raw value of a field, for domain-specific reading. */
    public Object raw(String key) {
        return object.get(key);
    }

    /** A string field; absent or null gives null. Blank strings are kept as given. */
    public String string(String key, int maxLength) {
        Object value = object.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String)) {
            error(key, "must be a string, was " + typeOf(value));
            return null;
        }
        String s = ((String) value).trim();
        if (s.length() > maxLength) {
            error(key, "must be at most " + maxLength + " characters, was " + s.length());
            return null;
        }
        return s;
    }

    /** A list of strings; absent or null gives an empty list. */
    public List<String> strings(String key, int maxItems, int maxLength) {
        Object value = object.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            error(key, "must be a list of strings, was " + typeOf(value));
            return List.of();
        }
        List<?> list = (List<?>) value;
        if (list.size() > maxItems) {
            error(key, "must have at most " + maxItems + " items, had " + list.size());
            return List.of();
        }
        List<String> result = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof String)) {
                error(key + "[" + i + "]", "must be a string, was " + typeOf(item));
            } else if (((String) item).trim().length() > maxLength) {
                error(key + "[" + i + "]", "must be at most " + maxLength + " characters");
            } else {
                result.add(((String) item).trim());
            }
        }
        return result;
    }

    /** A nested object, read with the same error list (its fields are reported as {@code key.field}). */
    @SuppressWarnings("unchecked")
    public JsonObjectReader object(String key) {
        Object value = object.get(key);
        if (value == null) {
            return new JsonObjectReader(Map.of(), prefix + key + ".", errors);
        }
        if (!(value instanceof Map)) {
            error(key, "must be an object, was " + typeOf(value));
            return new JsonObjectReader(Map.of(), prefix + key + ".", errors);
        }
        return new JsonObjectReader((Map<String, Object>) value, prefix + key + ".", errors);
    }

    /** Records a problem with a field of this object. */
    public void error(String key, String message) {
        errors.add(new FieldError(prefix + key, message));
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** Throws one 400 with every problem found so far, if there is any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new InvalidException(errors);
        }
    }

    /** The JSON type name of a parsed value, for messages. */
    public static String typeOf(Object value) {
        if (value == null) return "null";
        if (value instanceof String) return "a string";
        if (value instanceof Number) return "a number";
        if (value instanceof Boolean) return "a boolean";
        if (value instanceof List) return "a list";
        if (value instanceof Map) return "an object";
        return value.getClass().getSimpleName();
    }

    /** A mutable copy, for building objects to merge into. */
    public static Map<String, Object> copy(Map<String, Object> map) {
        return new LinkedHashMap<>(map);
    }
}
