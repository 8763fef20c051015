package io.rapport.platform.search;

/** The type of a searchable field, which decides its operators and how its values compare. */
public enum FieldType {
    /** A string, compared case-insensitively: = != in not_in contains not_contains starts_with ends_with is_present is_absent; sorts. */
    TEXT,
    /** Several strings (emails, tag names, a person's companies' industries): a condition holds when one of them matches; is_present means at least one. */
    TEXT_LIST,
    /** A decimal: = != in not_in > >= < <= between is_present is_absent; sorts. */
    NUMBER,
    /** A point in time, as epoch microseconds (queries give ISO instants or dates): = != > >= < <= between is_present is_absent; sorts. */
    INSTANT,
    /** true or false: = != is_present is_absent; sorts. */
    BOOLEAN
}
