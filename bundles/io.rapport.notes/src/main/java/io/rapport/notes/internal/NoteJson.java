package io.rapport.notes.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.rapport.platform.errors.InvalidException;
import io.rapport.notes.api.Note;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.errors.DomainException;

/** A note's JSON object form: reading a request body, and writing a note as the API shows it. */
final class NoteJson {
    static final Set<String> WRITABLE = Set.of("body");

    private NoteJson() {
    }

    /** The body of a request; null when absent (a patch that changes nothing). Kept as written, not trimmed. */
    static String body(Map<String, Object> object) {
        JsonObjectReader in = new JsonObjectReader(object);
        for (String key : in.keys()) {
            if (!WRITABLE.contains(key)) {
                in.error(key, Set.of("id", "model", "subject_id", "author", "created_at", "edited_at").contains(key)
                        ? "is read-only" : "unknown field; the only writable field is body");
            }
        }
        in.throwIfInvalid();
        Object body = in.raw("body");
        if (in.has("body") && !(body instanceof String)) {
            throw new InvalidException("body", "must be a string, was " + JsonObjectReader.typeOf(body));
        }
        return (String) body;
    }

    static Map<String, Object> write(Note n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id);
        m.put("model", n.model);
        m.put("subject_id", n.subjectId);
        m.put("body", n.body);
        Map<String, Object> author = new LinkedHashMap<>();
        author.put("token_id", n.author.tokenId);
        author.put("name", n.author.name);
        m.put("author", author);
        m.put("created_at", n.createdAt.toString());
        m.put("edited_at", n.editedAt == null ? null : n.editedAt.toString());
        return m;
    }
}
