package io.rapport.attributes.api;

import java.time.Instant;
import java.util.List;

/** An attribute definition as stored; {@link #version()} is the ETag's value. */
public class AttributeDefinition {
    public String key;
    public String model;
    public String label;
    public String description;
    public String type;
    /** The allowed values for list types, in order; null for other types. */
    public List<String> options;
    public boolean archived;
    public Instant createdAt;
    public Instant updatedAt;

    private long version;

    public long version() {
        return version;
    }

    public AttributeDefinition version(long version) {
        this.version = version;
        return this;
    }
}
