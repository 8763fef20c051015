package io.rapport.imports.internal;

import java.util.List;
import java.util.Map;

/** One row of an import file, read: the person's fields it sets, its tag names and attribute values, or why it cannot be read. */
final class ImportRow {
    /** The line of the file where the row starts (1 is the first). */
    final long line;
    /** The row's external_id or first email, for reports. */
    final String key;
    final Map<String, Object> person;
    final List<String> tags;
    final Map<String, Object> attributes;
    /** Why the row cannot be imported as read, or null. */
    final String problem;

    ImportRow(long line, String key, Map<String, Object> person, List<String> tags, Map<String, Object> attributes) {
        this.line = line;
        this.key = key;
        this.person = person;
        this.tags = tags;
        this.attributes = attributes;
        this.problem = null;
    }

    private ImportRow(long line, String key, String problem) {
        this.line = line;
        this.key = key;
        this.person = Map.of();
        this.tags = List.of();
        this.attributes = Map.of();
        this.problem = problem;
    }

    static ImportRow unreadable(long line, String key, String problem) {
        return new ImportRow(line, key, problem);
    }

    /** The external_id, else the first email, of a row's person fields (as written), for reports. */
    static String keyOf(Map<String, Object> person) {
        Object external = person.get("external_id");
        if (external instanceof String && !((String) external).isBlank()) {
            return ((String) external).trim();
        }
        Object emails = person.get("emails");
        if (emails instanceof List && !((List<?>) emails).isEmpty() && ((List<?>) emails).get(0) instanceof String) {
            return ((String) ((List<?>) emails).get(0)).trim();
        }
        return null;
    }
}
