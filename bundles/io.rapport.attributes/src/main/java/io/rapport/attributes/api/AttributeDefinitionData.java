package io.rapport.attributes.api;

import java.util.List;

/** What a new definition sets. */
public class AttributeDefinitionData {
    /** Machine name, {@code ^[a-z][a-z0-9_]{0,62}$}, unique per model and immutable. */
    public String key;
    /** {@code person} or {@code company}. */
    public String model;
    public String label;
    public String description;
    /** The name of an installed type, e.g. {@code number}. */
    public String type;
    /** Required (non-empty, distinct) for types that use options, absent otherwise. */
    public List<String> options;
    public boolean archived;
}
