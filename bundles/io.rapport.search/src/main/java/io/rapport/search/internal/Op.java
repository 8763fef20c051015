package io.rapport.search.internal;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.rapport.platform.search.FieldType;

/** The operators of the query language, and which field types each fits. */
enum Op {
    EQ("="), NE("!="), IN("in"), NOT_IN("not_in"), GT(">"), GE(">="), LT("<"), LE("<="), BETWEEN("between"),
    CONTAINS("contains"), NOT_CONTAINS("not_contains"), STARTS_WITH("starts_with"), ENDS_WITH("ends_with"),
    IS_PRESENT("is_present"), IS_ABSENT("is_absent");

    final String symbol;

    Op(String symbol) {
        this.symbol = symbol;
    }

    private static final Map<String, Op> BY_SYMBOL = new LinkedHashMap<>();
    static {
        for (Op op : values()) {
            BY_SYMBOL.put(op.symbol, op);
        }
    }

    static Op of(String symbol) {
        return BY_SYMBOL.get(symbol);
    }

    static String all() {
        return String.join(", ", BY_SYMBOL.keySet());
    }

    /** The negative operators match exactly the subjects their positive form does not (those without a value included). */
    boolean negative() {
        return this == NE || this == NOT_IN || this == NOT_CONTAINS;
    }

    Op positive() {
        switch (this) {
        case NE:
            return EQ;
        case NOT_IN:
            return IN;
        case NOT_CONTAINS:
            return CONTAINS;
        default:
            return this;
        }
    }

    static Set<Op> allowed(FieldType type) {
        switch (type) {
        case TEXT:
        case TEXT_LIST:
            return EnumSet.of(EQ, NE, IN, NOT_IN, CONTAINS, NOT_CONTAINS, STARTS_WITH, ENDS_WITH, IS_PRESENT, IS_ABSENT);
        case NUMBER:
            return EnumSet.of(EQ, NE, IN, NOT_IN, GT, GE, LT, LE, BETWEEN, IS_PRESENT, IS_ABSENT);
        case INSTANT:
            return EnumSet.of(EQ, NE, GT, GE, LT, LE, BETWEEN, IS_PRESENT, IS_ABSENT);
        case BOOLEAN:
            return EnumSet.of(EQ, NE, IS_PRESENT, IS_ABSENT);
        default:
            throw new IllegalArgumentException(String.valueOf(type));
        }
    }

    static String list(Set<Op> ops) {
        StringBuilder b = new StringBuilder();
        for (Op op : ops) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(op.symbol);
        }
        return b.toString();
    }
}
