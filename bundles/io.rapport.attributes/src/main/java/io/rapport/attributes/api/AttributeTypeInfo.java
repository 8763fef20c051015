package io.rapport.attributes.api;

/** An installed attribute type, as {@code GET /api/v1/attribute-types} lists it. */
public class AttributeTypeInfo {
    public final String name;
    public final String label;
    /** The storage kind in lower case: text, number, boolean, instant or text_list. */
    public final String storage;
    public final boolean usesOptions;

    public AttributeTypeInfo(String name, String label, String storage, boolean usesOptions) {
        this.name = name;
        this.label = label;
        this.storage = storage;
        this.usesOptions = usesOptions;
    }
}
