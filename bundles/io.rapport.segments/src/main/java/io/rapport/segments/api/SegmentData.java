package io.rapport.segments.api;

/** What a create sets. */
public class SegmentData {
    public String name;
    public String model;
    /** A search query: a condition or an {@code and} / {@code or} group, JSON-shaped. */
    public Object query;
}
