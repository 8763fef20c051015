package io.rapport.tags.api;

/** The writable fields of a tag. */
public class TagData {
    /** 1 to 100 characters; unique ignoring case. */
    public String name;
    /** {@code #RRGGBB}, optional. */
    public String color;
    /** Up to 500 characters, optional. */
    public String description;

    public TagData() {
    }

    public TagData(String name, String color, String description) {
        this.name = name;
        this.color = color;
        this.description = description;
    }
}
