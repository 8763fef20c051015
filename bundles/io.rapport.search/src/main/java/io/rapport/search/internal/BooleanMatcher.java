package io.rapport.search.internal;

/** A positive boolean condition: = true or = false. */
final class BooleanMatcher implements Column.Matcher {
    final boolean value;

    BooleanMatcher(boolean value) {
        this.value = value;
    }

    @Override
    public String key() {
        return String.valueOf(value);
    }
}
