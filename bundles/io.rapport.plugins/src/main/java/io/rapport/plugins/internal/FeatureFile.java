package io.rapport.plugins.internal;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rapport.platform.api.FieldError;

/**
 * A feature in the OSGi Feature JSON format (OSGi Compendium R8, chapter 159): its id, bundles (Maven
 * coordinates) and configurations (by PID, {@code factoryPid~name} for factory configurations). Keys
 * this runtime does not use (variables, extensions, framework properties) are ignored, as the format
 * allows.
 */
final class FeatureFile {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern COORDINATE_PART = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    final String id;
    final String title;
    final String description;
    final List<String> bundles;
    /** PID (or factoryPid~name) to its properties as written. */
    final Map<String, Map<String, Object>> configurations;

    private FeatureFile(String id, String title, String description, List<String> bundles, Map<String, Map<String, Object>> configurations) {
        this.id = id;
        this.title = title;
        this.description = description;
        this.bundles = bundles;
        this.configurations = configurations;
    }

    /** Thrown when the file is not a usable feature; {@code errors} name the JSON fields at fault. */
    static final class InvalidFeature extends Exception {
        private static final long serialVersionUID = 1L;
        final List<FieldError> errors;

        InvalidFeature(List<FieldError> errors) {
            super(errors.stream().map(FieldError::toString).reduce((a, b) -> a + "; " + b).orElse("invalid"));
            this.errors = errors;
        }
    }

    static FeatureFile read(Path file) throws IOException, InvalidFeature {
        return parse(Files.readAllBytes(file));
    }

    @SuppressWarnings("unchecked")
    static FeatureFile parse(byte[] json) throws InvalidFeature {
        Object root;
        try {
            root = JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new InvalidFeature(List.of(new FieldError("(file)", "is not valid JSON"
                    + (loc != null ? " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")" : "") + ": " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new InvalidFeature(List.of(new FieldError("(file)", "cannot be read: " + e.getMessage())));
        }
        if (!(root instanceof Map)) {
            throw new InvalidFeature(List.of(new FieldError("(file)", "must be a JSON object")));
        }
        Map<String, Object> m = (Map<String, Object>) root;
        List<FieldError> errors = new ArrayList<>();
        Object version = m.get("feature-resource-version");
        if (version != null && !(version instanceof String && ((String) version).startsWith("1."))) {
            errors.add(new FieldError("feature-resource-version", "must be \"1.0\" (was " + version + ")"));
        }
        String id = string(m, "id", errors);
        if (id == null && !m.containsKey("id")) {
            errors.add(new FieldError("id", "is missing: a feature needs its Maven coordinates as id, e.g. \"io.rapport:rapport-webhook:osgifeature:0.1.0\""));
        }
        String title = string(m, "name", errors);
        String description = string(m, "description", errors);
        List<String> bundles = new ArrayList<>();
        Object list = m.get("bundles");
        if (list == null) {
            errors.add(new FieldError("bundles", "is missing: a feature needs a list of bundles, each {\"id\": \"groupId:artifactId:version\"}"));
        } else if (!(list instanceof List) || ((List<?>) list).isEmpty()) {
            errors.add(new FieldError("bundles", "must be a non-empty list of bundles, each {\"id\": \"groupId:artifactId:version\"}"));
        } else {
            List<?> items = (List<?>) list;
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                Object coordinates = item instanceof Map ? ((Map<?, ?>) item).get("id") : item;
                String field = "bundles[" + i + "].id";
                if (!(coordinates instanceof String)) {
                    errors.add(new FieldError(field, "is missing: each bundle needs \"id\": \"groupId:artifactId:version\""));
                } else if (repositoryPath((String) coordinates) == null) {
                    errors.add(new FieldError(field, "'" + coordinates + "' is not groupId:artifactId[:type[:classifier]]:version"));
                } else {
                    bundles.add((String) coordinates);
                }
            }
        }
        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        Object configs = m.get("configurations");
        if (configs != null && !(configs instanceof Map)) {
            errors.add(new FieldError("configurations", "must be an object of PID to properties"));
        } else if (configs != null) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) configs).entrySet()) {
                if (!(e.getValue() instanceof Map)) {
                    errors.add(new FieldError("configurations." + e.getKey(), "must be an object of properties"));
                } else if (e.getKey().isBlank() || e.getKey().startsWith("~") || e.getKey().endsWith("~")) {
                    errors.add(new FieldError("configurations." + e.getKey(), "is not a PID or factoryPid~name"));
                } else {
                    configurations.put(e.getKey(), (Map<String, Object>) e.getValue());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidFeature(errors);
        }
        return new FeatureFile(id, title, description, bundles, configurations);
    }

    private static String string(Map<String, Object> m, String key, List<FieldError> errors) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String)) {
            errors.add(new FieldError(key, "must be a string"));
            return null;
        }
        return (String) v;
    }

    /**
     * The path of a bundle in a Maven repository, from {@code groupId:artifactId[:type[:classifier]]:version}:
     * {@code group/path/artifact/version/artifact-version[-classifier].type}; null when the coordinates are not valid.
     */
    static String repositoryPath(String coordinates) {
        String[] p = coordinates.trim().split(":", -1);
        if (p.length < 3 || p.length > 5) {
            return null;
        }
        for (String part : p) {
            if (!COORDINATE_PART.matcher(part).matches() || part.contains("..")) {
                return null;
            }
        }
        String group = p[0], artifact = p[1], version = p[p.length - 1];
        String type = p.length >= 4 ? p[2] : "jar";
        String classifier = p.length == 5 ? p[3] : null;
        if (type.equals("bundle")) {
            type = "jar";
        }
        return group.replace('.', '/') + "/" + artifact + "/" + version + "/" + artifact + "-" + version
                + (classifier == null ? "" : "-" + classifier) + "." + type;
    }

    /** Configuration properties as Config Admin takes them; keys may carry a type, e.g. {@code "port:Integer"}. */
    static Dictionary<String, Object> properties(Map<String, Object> json) {
        Hashtable<String, Object> d = new Hashtable<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            String key = e.getKey();
            String type = null;
            int colon = key.indexOf(':');
            if (colon > 0) {
                type = key.substring(colon + 1);
                key = key.substring(0, colon);
            }
            Object value = convert(e.getValue(), type);
            if (value != null) {
                d.put(key, value);
            }
        }
        return d;
    }

    private static Object convert(Object v, String type) {
        if (v == null) {
            return null;
        }
        if (type != null && type.endsWith("[]") && v instanceof List) {
            String element = type.substring(0, type.length() - 2);
            List<?> list = (List<?>) v;
            Class<?> c = classOf(element);
            Object array = Array.newInstance(c, list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(array, i, convert(list.get(i), element));
            }
            return array;
        }
        if (type != null) {
            String s = String.valueOf(v);
            switch (type) {
                case "String": return s;
                case "Integer": case "int": return v instanceof Number ? ((Number) v).intValue() : Integer.valueOf(s);
                case "Long": case "long": return v instanceof Number ? ((Number) v).longValue() : Long.valueOf(s);
                case "Double": case "double": return v instanceof Number ? ((Number) v).doubleValue() : Double.valueOf(s);
                case "Float": case "float": return v instanceof Number ? ((Number) v).floatValue() : Float.valueOf(s);
                case "Boolean": case "boolean": return v instanceof Boolean ? v : Boolean.valueOf(s);
                default: break;
            }
        }
        if (v instanceof List) {
            List<?> list = (List<?>) v;
            if (list.stream().allMatch(x -> x instanceof Boolean)) {
                return list.toArray(new Boolean[0]);
            }
            if (list.stream().allMatch(x -> x instanceof Integer || x instanceof Long)) {
                return list.stream().map(x -> ((Number) x).longValue()).toArray(Long[]::new);
            }
            if (list.stream().allMatch(x -> x instanceof Number)) {
                return list.stream().map(x -> ((Number) x).doubleValue()).toArray(Double[]::new);
            }
            return list.stream().map(String::valueOf).toArray(String[]::new);
        }
        if (v instanceof Map) {
            try {
                return JSON.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                return String.valueOf(v);
            }
        }
        if (v instanceof Integer) {
            return ((Integer) v).longValue();
        }
        if (v instanceof Number && !(v instanceof Long) && !(v instanceof Double)) {
            return ((Number) v).doubleValue();
        }
        return v;
    }

    private static Class<?> classOf(String type) {
        switch (type) {
            case "Integer": case "int": return Integer.class;
            case "Long": case "long": return Long.class;
            case "Double": case "double": return Double.class;
            case "Float": case "float": return Float.class;
            case "Boolean": case "boolean": return Boolean.class;
            default: return String.class;
        }
    }
}
