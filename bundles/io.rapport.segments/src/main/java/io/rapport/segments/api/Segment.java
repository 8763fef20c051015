package io.rapport.segments.api;

import java.time.Instant;

/** A segment as stored, with its live member count; {@link #version()} is the ETag's value. */
public class Segment {
    public String id;
    public String name;
    /** {@code person} or {@code company}; fixed at creation. */
    public String model;
    /** The search query, JSON-shaped, as given. */
    public Object query;
    /** How many profiles match now; null when the query cannot run now (see {@link #problem}). */
    public Long count;
    /** Why the query cannot run now (e.g. a field whose bundle is not running), or null. */
    public String problem;
    public Instant createdAt;
    public Instant updatedAt;

    private long version;

    public long version() {
        return version;
    }

    public Segment version(long version) {
        this.version = version;
        return this;
    }
}
