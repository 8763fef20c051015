package io.rapport.platform.search;

import java.util.Objects;

/** A field a provider makes searchable, e.g. {@code emails} (TEXT_LIST) or {@code attributes.plan} (TEXT). */
public final class SearchField {
    public final String name;
    public final FieldType type;
    /** What it is, for people choosing fields (e.g. in GET /api/v1/search/fields). */
    public final String description;

    public SearchField(String name, FieldType type, String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.description = description;
    }

    @Override
    public String toString() {
        return name + ":" + type;
    }
}
