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
    /**
     * Whether the type is installed now (answered as {@code type_available}). While it is not, the values
     * read back as last written and are read-only. Not stored: it follows the type's plugin.
     *
     * @since 1.1
     */
    public boolean typeAvailable;
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
