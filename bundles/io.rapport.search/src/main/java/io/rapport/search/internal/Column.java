package io.rapport.search.internal;

import java.util.BitSet;

import io.rapport.platform.search.FieldType;

/**
 * The values of one field for every ordinal of a model. Values come normalised (see
 * {@link Values#normalise}); a subject may hold several. Only called under the index's lock: writes
 * under the write lock, everything else under the read lock.
 */
abstract class Column {
    final String name;
    final FieldType type;
    /** Ordinals that hold at least one value. */
    final BitSet present = new BitSet();
    /** How many ordinals hold a value. */
    int count;
    /** Changes with every write, so that cached results of conditions on it go stale. */
    volatile long version;

    Column(String name, FieldType type) {
        this.name = name;
        this.type = type;
    }

    /** Keeps {@link #present} and {@link #count} right; subclasses call it first in {@link #set}. */
    final void track(int ord, boolean has) {
        version++; // written under the write lock only
        if (present.get(ord) != has) {
            present.set(ord, has);
            count += has ? 1 : -1;
        }
    }

    /** Sets the whole value of {@code ord}; null clears it. */
    abstract void set(int ord, Object value);

    /** As {@link #set(int, Object)}, with the form as written to show where the column keeps one (text). */
    void set(int ord, Object value, Object shown) {
        set(ord, value);
    }

    final void clear(int ord) {
        if (present.get(ord)) {
            set(ord, null);
        }
    }

    /** The ordinals below {@code size} with a value the matcher accepts (a positive operator). */
    abstract BitSet match(Matcher matcher, int size);

    /** Whether {@code ord} holds a value the matcher accepts. */
    abstract boolean test(int ord, Matcher matcher);

    /** Compares the (first) values of two ordinals that both have one. */
    abstract int compare(int a, int b);

    /** How costly a whole-column condition is, to evaluate cheap ones first: 0 postings, 1 an array scan, 2 a text scan. */
    int cost() {
        return 1;
    }

    /** Called (under the read lock) before a sort by this column: a chance to build what makes {@link #compare} cheap. */
    void prepareSort() {
    }

    /** The (first) value of {@code ord}, or null, as a cursor keeps it: String, BigDecimal, Long or Boolean. */
    abstract Object sortValue(int ord);

    /** Compares the (first) value of {@code ord}, which has one, with a value from {@link #sortValue}. */
    abstract int compareTo(int ord, Object value);

    /**
     * Every value of {@code ord} as the API shows it (for the values a search answers with its results):
     * null when it has none, one value, or a list when it has several. Text as String, numbers as
     * BigDecimal, instants as ISO 8601 strings, booleans as Boolean.
     */
    abstract Object shown(int ord);

    /** A rough count of the bytes held, for reports. */
    abstract long bytes();

    /** A compiled positive condition on one field. */
    interface Matcher {
        /** What it matches, canonically: equal keys match the same values (for the {@link ConditionCache}). */
        String key();
    }
}
