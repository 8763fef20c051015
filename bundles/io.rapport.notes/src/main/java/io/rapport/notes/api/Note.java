package io.rapport.notes.api;

import java.time.Instant;

/** A note on a person or company; {@link #version()} is the ETag's value. */
public class Note {
    public String id;
    /** {@code person} or {@code company}. */
    public String model;
    public String subjectId;
    public String body;
    public Author author;
    public Instant createdAt;
    /** Null until the note is edited. */
    public Instant editedAt;

    private long version;

    public long version() {
        return version;
    }

    public Note version(long version) {
        this.version = version;
        return this;
    }

    /** Who wrote a note: the API token and its name. */
    public static class Author {
        public String tokenId;
        public String name;

        public Author() {
        }

        public Author(String tokenId, String name) {
            this.tokenId = tokenId;
            this.name = name;
        }
    }
}
