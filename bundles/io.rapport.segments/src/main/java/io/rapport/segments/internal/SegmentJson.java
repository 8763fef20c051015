package io.rapport.segments.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.Models;
import io.rapport.platform.errors.DomainException;
import io.rapport.segments.api.Segment;
import io.rapport.segments.api.SegmentData;

/** A segment's JSON object form: reading bodies with a 400 for every field at fault, the query's stored text. */
final class SegmentJson {
    static final Set<String> CREATE_FIELDS = Set.of("name", "model", "query");
    static final Set<String> PATCH_FIELDS = Set.of("name", "query");
    static final Set<String> READ_ONLY = Set.of("id", "count", "problem", "created_at", "updated_at");
    static final int MAX_NAME = 100;
    static final int MAX_QUERY_CHARS = 32000;

    // Numbers read as the REST layer reads them (decimals as BigDecimal), so a stored query compiles as the posted one did.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private SegmentJson() {
    }

    /** Reads a create body, checked (except the query, which the search compiles); one 400 naming every field at fault. */
    static SegmentData read(Map<String, Object> body) {
        JsonObjectReader in = new JsonObjectReader(body);
        checkKeys(in, body, CREATE_FIELDS);
        SegmentData d = new SegmentData();
        d.name = checkName(in, in.raw("name"));
        Object model = in.raw("model");
        if (model == null) {
            in.error("model", "is required: 'person' or 'company'");
        } else if (!Models.PERSON.equals(model) && !Models.COMPANY.equals(model)) {
            in.error("model", "must be 'person' or 'company', was " + describe(model));
        } else {
            d.model = (String) model;
        }
        d.query = in.raw("query");
        checkQuery(in, d.query);
        in.throwIfInvalid();
        return d;
    }

    /** Reports unknown and read-only keys. */
    static void checkKeys(JsonObjectReader in, Map<String, Object> object, Set<String> allowed) {
        for (String key : object.keySet()) {
            if (READ_ONLY.contains(key)) {
                in.error(key, "is read-only");
            } else if ("model".equals(key) && !allowed.contains(key)) {
                in.error(key, "cannot be changed: create a new segment for the other model");
            } else if (!allowed.contains(key)) {
                in.error(key, "unknown field; writable fields are " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    /** The name trimmed, or null with an error recorded. */
    static String checkName(JsonObjectReader in, Object raw) {
        if (raw == null) {
            in.error("name", "is required: 1 to " + MAX_NAME + " characters");
            return null;
        }
        if (!(raw instanceof String)) {
            in.error("name", "must be a string, was " + JsonObjectReader.typeOf(raw));
            return null;
        }
        String name = ((String) raw).trim();
        if (name.isEmpty()) {
            in.error("name", "is required: 1 to " + MAX_NAME + " characters");
        } else if (name.length() > MAX_NAME) {
            in.error("name", "must be at most " + MAX_NAME + " characters, was " + name.length());
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            in.error("name", "must not contain control characters");
        } else {
            return name;
        }
        return null;
    }

    /** Checks what the search does not: present, and small enough to store. */
    static void checkQuery(JsonObjectReader in, Object query) {
        if (query == null) {
            in.error("query", "is required: a condition {\"field\", \"operator\", \"value\"} or a group {\"and\": [...]} / {\"or\": [...]}");
        } else if (!(query instanceof Map)) {
            in.error("query", "must be an object (a condition or an and/or group), was " + JsonObjectReader.typeOf(query));
        } else if (write(query).length() > MAX_QUERY_CHARS) {
            in.error("query", "is too large: at most " + MAX_QUERY_CHARS + " characters as JSON");
        }
    }

    /**
     * The search's 400 about a query, with every field named from the body's root ({@code query...}),
     * whichever root the search used.
     */
    static DomainException queryProblem(DomainException e) {
        if (!(e instanceof InvalidException) || e.errors.isEmpty()) {
            return e;
        }
        List<FieldError> errors = new java.util.ArrayList<>();
        for (FieldError f : e.errors) {
            String field = f.field == null || f.field.isEmpty() ? "query"
                    : f.field.equals("query") || f.field.startsWith("query.") || f.field.startsWith("query[") ? f.field
                    : f.field.startsWith("[") ? "query" + f.field : "query." + f.field;
            errors.add(new FieldError(field, f.message));
        }
        return new InvalidException(errors);
    }

    static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    static String write(Object query) {
        try {
            return JSON.writeValueAsString(query);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON-shaped: " + e.getOriginalMessage(), e);
        }
    }

    static Object readQuery(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored segment query is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The JSON object form of a segment, for change-log entries. */
    static Map<String, Object> entity(Segment s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id);
        m.put("name", s.name);
        m.put("model", s.model);
        m.put("query", s.query);
        m.put("created_at", s.createdAt.toString());
        m.put("updated_at", s.updatedAt.toString());
        return m;
    }

    private static String describe(Object value) {
        return value instanceof String ? "'" + value + "'" : JsonObjectReader.typeOf(value);
    }
}
