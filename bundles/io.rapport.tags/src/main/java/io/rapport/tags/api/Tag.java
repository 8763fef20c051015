package io.rapport.tags.api;

import java.time.Instant;

/** A tag as stored, with how many people and companies carry it; {@link #version()} is the ETag's value. */
public class Tag {
    public String id;
    public String name;
    /** {@code #RRGGBB} or null. */
    public String color;
    public String description;
    public long peopleCount;
    public long companyCount;
    public Instant createdAt;
    public Instant updatedAt;

    private long version;

    public long version() {
        return version;
    }

    public Tag version(long version) {
        this.version = version;
        return this;
    }
}
