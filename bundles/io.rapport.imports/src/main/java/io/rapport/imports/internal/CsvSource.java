package io.rapport.imports.internal;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.errors.DomainException;

/**
 * CSV rows under a header row that names each column: {@code name}, {@code email} or {@code emails},
 * {@code phone} or {@code phones}, {@code external_id}, {@code avatar_url}, {@code city}, {@code region},
 * {@code country} (also as {@code location.city} ...), {@code tags}, and {@code attributes.<key>}. Lists
 * (emails, phones, tags, multi-list values) are separated by {@code ;}. An empty cell sets nothing.
 * Attribute cells are text, turned into the JSON value their attribute's storage takes (a number, true or
 * false, a list), which the attribute's type then checks.
 */
final class CsvSource implements RowSource {
    static final String KNOWN = "name, email(s), phone(s), external_id, avatar_url, city, region, country, tags, attributes.<key>";
    private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("name", "name");
        COLUMNS.put("email", "emails");
        COLUMNS.put("emails", "emails");
        COLUMNS.put("phone", "phones");
        COLUMNS.put("phones", "phones");
        COLUMNS.put("external_id", "external_id");
        COLUMNS.put("avatar_url", "avatar_url");
        COLUMNS.put("city", "location.city");
        COLUMNS.put("region", "location.region");
        COLUMNS.put("country", "location.country");
        COLUMNS.put("location.city", "location.city");
        COLUMNS.put("location.region", "location.region");
        COLUMNS.put("location.country", "location.country");
        COLUMNS.put("tags", "tags");
    }

    private final CsvReader csv;
    /** The target of each column: a person field, {@code location.*}, {@code tags} or {@code attributes.<key>}. */
    private final List<String> targets;
    /** Attribute key to its storage kind (lower case), for those known when the job started. */
    private final Map<String, String> storage;

    /** Reads the header; a 400 naming unknown or repeated columns. */
    CsvSource(Reader in, Map<String, String> storage) throws IOException {
        this.csv = new CsvReader(in);
        this.storage = storage;
        List<String> header = csv.next();
        if (header == null) {
            throw new InvalidException(InvalidException.TITLE, "The CSV has no header row; its first row must name the columns ("
                    + KNOWN + ").", List.of());
        }
        if (csv.tooLong()) {
            throw new InvalidException(InvalidException.TITLE, "The CSV header row is longer than " + MAX_ROW_CHARS + " characters.", List.of());
        }
        this.targets = targets(header);
    }

    /** The target of each header column; a 400 for unknown or repeated ones. */
    static List<String> targets(List<String> header) {
        List<String> targets = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim();
            String lower = name.toLowerCase(Locale.ROOT);
            String target = COLUMNS.get(lower);
            if (target == null && lower.startsWith("attributes.") && lower.length() > "attributes.".length()) {
                target = "attributes." + name.substring("attributes.".length()).trim();
            }
            if (target == null) {
                errors.add(new FieldError("header[" + i + "]", "unknown column '" + name + "'; columns are " + KNOWN));
            } else if (!seen.add(target)) {
                errors.add(new FieldError("header[" + i + "]", "the column '" + name + "' repeats another one (" + target + ")"));
            }
            targets.add(target);
        }
        if (!errors.isEmpty()) {
            throw new InvalidException(errors);
        }
        return targets;
    }

    /** The attribute keys the header names. */
    Set<String> attributeKeys() {
        Set<String> keys = new TreeSet<>();
        for (String t : targets) {
            if (t.startsWith("attributes.")) {
                keys.add(t.substring("attributes.".length()));
            }
        }
        return keys;
    }

    @Override
    public ImportRow next() throws IOException {
        List<String> cells = csv.next();
        if (cells == null) {
            return null;
        }
        long line = csv.startLine();
        if (csv.tooLong()) {
            return ImportRow.unreadable(line, null, "the row is longer than " + MAX_ROW_CHARS + " characters");
        }
        if (cells.size() > targets.size()) {
            return ImportRow.unreadable(line, null, "the row has " + cells.size() + " fields, the header " + targets.size());
        }
        Map<String, Object> person = new LinkedHashMap<>();
        Map<String, Object> location = new LinkedHashMap<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        List<String> tags = List.of();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i).trim();
            if (cell.isEmpty()) {
                continue;
            }
            String target = targets.get(i);
            if (target.equals("emails") || target.equals("phones")) {
                person.put(target, split(cell));
            } else if (target.equals("tags")) {
                tags = split(cell);
            } else if (target.startsWith("location.")) {
                location.put(target.substring("location.".length()), cell);
            } else if (target.startsWith("attributes.")) {
                String key = target.substring("attributes.".length());
                try {
                    attributes.put(key, value(storage.get(key), cell));
                } catch (IllegalArgumentException e) {
                    problems.add(target + ": " + e.getMessage());
                }
            } else {
                person.put(target, cell);
            }
        }
        if (!location.isEmpty()) {
            person.put("location", location);
        }
        String key = ImportRow.keyOf(person);
        if (tags.size() > NdjsonSource.MAX_TAGS) {
            problems.add("tags: must have at most " + NdjsonSource.MAX_TAGS + " names, had " + tags.size());
        }
        if (!problems.isEmpty()) {
            return ImportRow.unreadable(line, key, String.join("; ", problems));
        }
        return new ImportRow(line, key, person, tags, attributes);
    }

    /** A cell's text as the JSON value an attribute of this storage kind takes. */
    static Object value(String storage, String cell) {
        if (storage == null) {
            return cell; // unknown attribute: its check says so
        }
        switch (storage) {
        case "number":
            try {
                return new BigDecimal(cell);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + cell + "' is not a number");
            }
        case "boolean":
            switch (cell.toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "1":
                return Boolean.TRUE;
            case "false": case "no": case "0":
                return Boolean.FALSE;
            default:
                throw new IllegalArgumentException("'" + cell + "' is not true or false (also yes/no, 1/0)");
            }
        case "text_list":
            return split(cell);
        default:
            return cell;
        }
    }

    private static List<String> split(String cell) {
        List<String> items = new ArrayList<>();
        for (String item : cell.split(";")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
