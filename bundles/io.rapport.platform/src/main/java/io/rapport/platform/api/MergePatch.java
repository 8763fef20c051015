package io.rapport.platform.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON Merge Patch (RFC 7396) over parsed JSON: objects merge, null removes, anything else replaces. */
public final class MergePatch {
    private MergePatch() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> result = new LinkedHashMap<>(target == null ? Map.of() : target);
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object value = e.getValue();
            if (value == null) {
                result.remove(e.getKey());
            } else if (value instanceof Map) {
                Object current = result.get(e.getKey());
                result.put(e.getKey(), apply(current instanceof Map ? (Map<String, Object>) current : Map.of(),
                        (Map<String, Object>) value));
            } else {
                result.put(e.getKey(), value);
            }
        }
        return result;
    }
}
