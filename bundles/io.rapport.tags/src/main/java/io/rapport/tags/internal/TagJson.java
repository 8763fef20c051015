package io.rapport.tags.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.rapport.platform.api.JsonObjectReader;
import io.rapport.tags.api.Tag;
import io.rapport.tags.api.TagData;

/** A tag's JSON object form: reading it with a 400 for every field at fault, checking values, writing it back. */
final class TagJson {
    static final Set<String> WRITABLE = Set.of("name", "color", "description");
    static final Set<String> READ_ONLY = Set.of("id", "created_at", "updated_at", "people_count", "company_count");
    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 500;
    private static final Pattern COLOR = Pattern.compile("^#[0-9A-Fa-f]{6}$");

    private TagJson() {
    }

    /**
     * Reads a tag's writable fields, checked and in normal form, with one 400 naming every field at
     * fault; read-only fields are allowed only when {@code allowReadOnly}.
     */
    static TagData read(Map<String, Object> object, boolean allowReadOnly) {
        JsonObjectReader in = new JsonObjectReader(object);
        checkKeys(in, object, allowReadOnly);
        TagData d = new TagData();
        d.name = in.string("name", MAX_NAME);
        d.color = in.string("color", 7);
        d.description = in.string("description", MAX_DESCRIPTION);
        // a name of the wrong type or length is already reported: do not also call it missing
        TagData normal = check(d, in, in.raw("name") == null || d.name != null);
        in.throwIfInvalid();
        return normal;
    }

    static void checkKeys(JsonObjectReader in, Map<String, Object> object, boolean allowReadOnly) {
        for (String key : object.keySet()) {
            if (READ_ONLY.contains(key)) {
                if (!allowReadOnly) {
                    in.error(key, "is read-only");
                }
            } else if (!WRITABLE.contains(key)) {
                in.error(key, "unknown field; writable fields are color, description, name");
            }
        }
    }

    /** Checks values and returns the normal form (trimmed, blank as absent, colour upper-case); 400 otherwise. */
    static TagData normalise(TagData in) {
        JsonObjectReader errors = new JsonObjectReader(Map.of());
        TagData d = check(in, errors, true);
        errors.throwIfInvalid();
        return d;
    }

    private static TagData check(TagData in, JsonObjectReader errors, boolean nameRequired) {
        TagData d = new TagData();
        d.name = blankToNull(in.name);
        if (d.name == null) {
            if (nameRequired) {
                errors.error("name", "is required: 1 to " + MAX_NAME + " characters");
            }
        } else if (d.name.length() > MAX_NAME) {
            errors.error("name", "must be at most " + MAX_NAME + " characters, was " + d.name.length());
        } else if (d.name.chars().anyMatch(Character::isISOControl)) {
            errors.error("name", "must not contain control characters");
        }
        d.color = blankToNull(in.color);
        if (d.color != null) {
            if (!COLOR.matcher(d.color).matches()) {
                errors.error("color", "must be a colour as #RRGGBB (hexadecimal), was '" + d.color + "'");
            } else {
                d.color = d.color.toUpperCase(Locale.ROOT);
            }
        }
        d.description = blankToNull(in.description);
        if (d.description != null && d.description.length() > MAX_DESCRIPTION) {
            errors.error("description", "must be at most " + MAX_DESCRIPTION + " characters, was " + d.description.length());
        }
        return d;
    }

    /** The key that makes names unique ignoring case. */
    static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The JSON object form of a tag (snake_case, as the API shows it). */
    static Map<String, Object> write(Tag t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id);
        m.put("name", t.name);
        m.put("color", t.color);
        m.put("description", t.description);
        m.put("people_count", t.peopleCount);
        m.put("company_count", t.companyCount);
        m.put("created_at", t.createdAt.toString());
        m.put("updated_at", t.updatedAt.toString());
        return m;
    }

    /** The editable fields only, for merge patches. */
    static Map<String, Object> writable(Tag t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name);
        m.put("color", t.color);
        m.put("description", t.description);
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
