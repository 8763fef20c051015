package io.rapport.attributes.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.rapport.platform.errors.InvalidException;
import io.rapport.attributes.api.AttributeDefinition;
import io.rapport.attributes.api.AttributeDefinitionData;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.Models;

/** A definition's JSON object form: reading it with a 400 for every field at fault, and writing it back. */
final class AttributeJson {
    static final Set<String> WRITABLE = Set.of("key", "model", "label", "description", "type", "options", "archived");
    static final Set<String> PATCHABLE = Set.of("label", "description", "type", "options", "archived");
    static final Set<String> IMMUTABLE = Set.of("key", "model");
    static final Set<String> READ_ONLY = Set.of("created_at", "updated_at", "type_available");
    static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
    /** What custom attributes may describe. */
    static final Set<String> MODELS = Set.of(Models.PERSON, Models.COMPANY, Models.CONVERSATION);

    /** Checks a model name from a client; a 400 on {@code field} otherwise. */
    static String checkModel(String model, String field) {
        if (!MODELS.contains(model)) {
            throw new io.rapport.platform.errors.InvalidException(field, "must be 'person', 'company' or 'conversation', was '" + model + "'");
        }
        return model;
    }
    static final int MAX_LABEL = 255;
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_OPTIONS = 1000;
    static final int MAX_OPTION = 255;

    private AttributeJson() {
    }

    /** Reads a new definition, checking the JSON types of its fields. */
    static AttributeDefinitionData read(Map<String, Object> object) {
        JsonObjectReader in = new JsonObjectReader(object);
        for (String key : object.keySet()) {
            if (READ_ONLY.contains(key)) {
                in.error(key, "is read-only");
            } else if (!WRITABLE.contains(key)) {
                in.error(key, "unknown field; allowed fields are archived, description, key, label, model, options, type");
            }
        }
        AttributeDefinitionData d = new AttributeDefinitionData();
        d.key = in.string("key", 1000);
        d.model = in.string("model", 1000);
        d.label = in.string("label", 1000);
        d.description = in.string("description", 100_000);
        d.type = in.string("type", 1000);
        d.options = in.has("options") && in.raw("options") != null ? in.strings("options", MAX_OPTIONS, 100_000) : null;
        Object archived = in.raw("archived");
        if (archived != null && !(archived instanceof Boolean)) {
            in.error("archived", "must be true or false, was " + JsonObjectReader.typeOf(archived));
        }
        d.archived = Boolean.TRUE.equals(archived);
        in.throwIfInvalid();
        return d;
    }

    /** Checks a patch's field names: key and model cannot change, times are read-only. */
    static void checkPatchFields(Map<String, Object> patch) {
        JsonObjectReader in = new JsonObjectReader(patch);
        for (String key : patch.keySet()) {
            if (IMMUTABLE.contains(key)) {
                in.error(key, "is immutable; define a new attribute instead (and delete this one)");
            } else if (READ_ONLY.contains(key)) {
                in.error(key, "is read-only");
            } else if (!PATCHABLE.contains(key)) {
                in.error(key, "unknown field; writable fields are archived, description, label, options, type");
            }
        }
        in.throwIfInvalid();
    }

    /**
     * Checks values and answers the normal form (blank description as absent, options trimmed). {@code type}
     * is the definition's type when installed; {@code typeMustBeInstalled} is false only for a definition
     * that keeps its type, so that an attribute whose type plugin is gone can still be archived or relabelled.
     */
    static AttributeDefinitionData normalise(AttributeDefinitionData in, RegisteredType type, boolean typeMustBeInstalled,
            List<String> installedTypes) {
        JsonObjectReader errors = new JsonObjectReader(Map.of());
        AttributeDefinitionData d = new AttributeDefinitionData();
        d.key = in.key;
        if (d.key == null || d.key.isEmpty()) {
            errors.error("key", "is required: a machine name such as 'plan' (a-z, 0-9 and _, starting with a letter, at most 63)");
        } else if (!KEY.matcher(d.key).matches()) {
            errors.error("key", "'" + d.key + "' is not a machine name: use a-z, 0-9 and _, start with a letter, at most 63 characters");
        }
        d.model = in.model;
        if (d.model == null || d.model.isEmpty()) {
            errors.error("model", "is required: 'person', 'company' or 'conversation'");
        } else if (!MODELS.contains(d.model)) {
            errors.error("model", "must be 'person', 'company' or 'conversation', was '" + d.model + "'");
        }
        d.label = in.label == null || in.label.isBlank() ? null : in.label.trim();
        if (d.label == null) {
            errors.error("label", "is required");
        } else if (d.label.length() > MAX_LABEL) {
            errors.error("label", "must be at most " + MAX_LABEL + " characters, was " + d.label.length());
        }
        d.description = in.description == null || in.description.isBlank() ? null : in.description.trim();
        if (d.description != null && d.description.length() > MAX_DESCRIPTION) {
            errors.error("description", "must be at most " + MAX_DESCRIPTION + " characters, was " + d.description.length());
        }
        d.type = in.type;
        if (d.type == null || d.type.isEmpty()) {
            errors.error("type", "is required; installed types are " + String.join(", ", installedTypes));
        } else if (type == null && typeMustBeInstalled) {
            errors.error("type", "'" + d.type + "' is not an installed type; installed types are " + String.join(", ", installedTypes));
        }
        List<String> options = in.options == null ? List.of() : in.options;
        d.options = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i) == null ? "" : options.get(i).trim();
            if (o.isEmpty()) {
                errors.error("options[" + i + "]", "must not be blank");
            } else if (o.length() > MAX_OPTION) {
                errors.error("options[" + i + "]", "must be at most " + MAX_OPTION + " characters, was " + o.length());
            } else if (!seen.add(o)) {
                errors.error("options[" + i + "]", "'" + o + "' is listed twice; options must be distinct");
            } else {
                d.options.add(o);
            }
        }
        if (type != null) {
            if (type.usesOptions && options.isEmpty()) {
                errors.error("options", "is required for the type '" + d.type + "': a non-empty list of distinct strings");
            } else if (!type.usesOptions && !options.isEmpty()) {
                errors.error("options", "the type '" + d.type + "' has no options: only list types and other types that use options have them");
            }
        }
        d.archived = in.archived;
        errors.throwIfInvalid();
        return d;
    }

    /** The writable fields of a definition, for merge patches. */
    static Map<String, Object> writable(AttributeDefinition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", d.key);
        m.put("model", d.model);
        m.put("label", d.label);
        if (d.description != null) {
            m.put("description", d.description);
        }
        m.put("type", d.type);
        if (d.options != null) {
            m.put("options", d.options);
        }
        m.put("archived", d.archived);
        return m;
    }

    /** A definition as JSON-shaped data, for the change log. */
    static Map<String, Object> write(AttributeDefinition d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", d.key);
        m.put("model", d.model);
        m.put("label", d.label);
        m.put("description", d.description);
        m.put("type", d.type);
        m.put("options", d.options);
        m.put("archived", d.archived);
        m.put("created_at", d.createdAt.toString());
        m.put("updated_at", d.updatedAt.toString());
        return m;
    }
}
