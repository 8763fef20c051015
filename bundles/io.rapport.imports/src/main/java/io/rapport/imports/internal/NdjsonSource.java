package io.rapport.imports.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.rapport.platform.errors.DomainException;
import io.rapport.platform.json.Json;

/**
 * NDJSON rows: one JSON object a line, with the person's fields ({@value #PERSON_FIELDS_TEXT}),
 * {@code tags} (names) and {@code attributes} (key to value). Blank lines are skipped.
 */
final class NdjsonSource implements RowSource {
    static final Set<String> PERSON_FIELDS = Set.of("name", "emails", "phones", "external_id", "avatar_url", "location");
    static final String PERSON_FIELDS_TEXT = "name, emails, phones, external_id, avatar_url, location";
    static final String ALLOWED = "attributes, avatar_url, emails, external_id, location, name, phones, tags";
    static final int MAX_TAGS = 100;

    private final Reader in;
    private final LineReader lines;

    NdjsonSource(Reader in) {
        this.in = in;
        this.lines = new LineReader(in);
    }

    @Override
    public ImportRow next() throws IOException {
        String text;
        do {
            text = lines.next();
            if (text == null) {
                return null;
            }
        } while (!lines.tooLong() && text.isBlank());
        if (lines.tooLong()) {
            return ImportRow.unreadable(lines.line(), null, "the line is longer than " + MAX_ROW_CHARS + " characters");
        }
        return read(lines.line(), text);
    }

    @SuppressWarnings("unchecked")
    static ImportRow read(long line, String text) {
        Object value;
        try {
            // the strict reading of the API: bounded depth, strings and numbers, no lone surrogates
            JsonNode tree = Json.MAPPER.readTree(text);
            Json.check(tree);
            value = Json.MAPPER.treeToValue(tree, Object.class);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            return ImportRow.unreadable(line, null, "invalid JSON: " + (why != null && why.length() > 200 ? why.substring(0, 200) + "…" : why)
                    + (e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")"));
        } catch (DomainException e) {
            return ImportRow.unreadable(line, null, e.errors.isEmpty() ? e.detail : e.errors.get(0).field + ": " + e.errors.get(0).message);
        }
        if (!(value instanceof Map)) {
            return ImportRow.unreadable(line, null, "the line must be a JSON object, was " + io.rapport.platform.api.JsonObjectReader.typeOf(value));
        }
        Map<String, Object> object = (Map<String, Object>) value;
        Map<String, Object> person = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> tags = List.of();
        Map<String, Object> attributes = Map.of();
        for (Map.Entry<String, Object> e : object.entrySet()) {
            String field = e.getKey();
            if (PERSON_FIELDS.contains(field)) {
                person.put(field, e.getValue());
            } else if (field.equals("tags")) {
                tags = tags(e.getValue(), problems);
            } else if (field.equals("attributes")) {
                if (e.getValue() instanceof Map) {
                    attributes = (Map<String, Object>) e.getValue();
                } else if (e.getValue() != null) {
                    problems.add("attributes: must be an object of attribute key to value, was "
                            + io.rapport.platform.api.JsonObjectReader.typeOf(e.getValue()));
                }
            } else {
                problems.add(field + ": unknown field; allowed fields are " + ALLOWED);
            }
        }
        String key = ImportRow.keyOf(person);
        if (!problems.isEmpty()) {
            return ImportRow.unreadable(line, key, String.join("; ", problems));
        }
        return new ImportRow(line, key, person, tags, attributes);
    }

    private static List<String> tags(Object value, List<String> problems) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            problems.add("tags: must be a list of tag names, was " + io.rapport.platform.api.JsonObjectReader.typeOf(value));
            return List.of();
        }
        List<?> list = (List<?>) value;
        if (list.size() > MAX_TAGS) {
            problems.add("tags: must have at most " + MAX_TAGS + " names, had " + list.size());
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof String) {
                names.add(((String) list.get(i)).trim());
            } else {
                problems.add("tags[" + i + "]: must be a tag name (a string), was " + io.rapport.platform.api.JsonObjectReader.typeOf(list.get(i)));
            }
        }
        return names;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
