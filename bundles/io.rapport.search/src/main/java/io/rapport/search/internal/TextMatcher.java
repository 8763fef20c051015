package io.rapport.search.internal;

import java.util.Set;

/** A positive text condition over lower-cased values: =, in, contains, starts_with or ends_with. */
final class TextMatcher implements Column.Matcher {
    final Op op;
    final String value;
    final Set<String> values;

    TextMatcher(Op op, String value, Set<String> values) {
        this.op = op;
        this.value = value;
        this.values = values;
    }

    @Override
    public String key() {
        return op.symbol + " " + (values != null ? new java.util.TreeSet<>(values) : value);
    }

    boolean test(String s) {
        switch (op) {
        case EQ:
            return s.equals(value);
        case IN:
            return values.contains(s);
        case CONTAINS:
            return s.contains(value);
        case STARTS_WITH:
            return s.startsWith(value);
        case ENDS_WITH:
            return s.endsWith(value);
        default:
            throw new IllegalStateException(op.symbol);
        }
    }
}
