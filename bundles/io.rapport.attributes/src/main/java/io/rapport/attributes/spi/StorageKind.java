package io.rapport.attributes.spi;

/**
 * How a value is kept: each kind has a typed, indexed column, so that filtering and sorting by an
 * attribute is an index lookup whatever type the attribute has.
 */
public enum StorageKind {
    /** A string of at most {@value Stored#MAX_TEXT} characters. */
    TEXT,
    /** A decimal with at most {@value Stored#MAX_INTEGER_DIGITS} digits before the point and {@value Stored#MAX_SCALE} after. */
    NUMBER,
    BOOLEAN,
    /**
     * A point or a day on the time line as a long: the type chooses the unit and keeps to it (the built-in
     * {@code datetime} uses epoch microseconds, {@code date} epoch days), so that order is preserved.
     */
    INSTANT,
    /** An ordered list of strings (each as {@link #TEXT}), such as the options of a multi-list. Empty means no value. */
    TEXT_LIST
}
