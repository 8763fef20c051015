package io.rapport.search.internal;

import java.util.BitSet;

import io.rapport.platform.search.FieldType;

/** true and false as two bit sets (a subject with several values may be in both). */
final class BooleanColumn extends Column {
    private final BitSet trues = new BitSet();
    private final BitSet falses = new BitSet();

    BooleanColumn(String name) {
        super(name, FieldType.BOOLEAN);
    }

    @Override
    void set(int ord, Object value) {
        track(ord, value != null);
        trues.clear(ord);
        falses.clear(ord);
        if (value instanceof Boolean) {
            (((Boolean) value) ? trues : falses).set(ord);
        } else if (value != null) {
            for (boolean b : (boolean[]) value) {
                (b ? trues : falses).set(ord);
            }
        }
    }

    @Override
    Object shown(int ord) {
        boolean t = trues.get(ord);
        boolean f = falses.get(ord);
        return t && f ? java.util.List.of(true, false) : t ? Boolean.TRUE : f ? Boolean.FALSE : null;
    }

    @Override
    BitSet match(Matcher m, int size) {
        BitSet r = (BitSet) (((BooleanMatcher) m).value ? trues : falses).clone();
        if (r.length() > size) {
            r.clear(size, r.length());
        }
        return r;
    }

    @Override
    int cost() {
        return 0;
    }

    @Override
    boolean test(int ord, Matcher m) {
        return (((BooleanMatcher) m).value ? trues : falses).get(ord);
    }

    /** false before true; a subject with both sorts as false. */
    private boolean first(int ord) {
        return !falses.get(ord);
    }

    @Override
    int compare(int a, int b) {
        return Boolean.compare(first(a), first(b));
    }

    @Override
    Object sortValue(int ord) {
        return present.get(ord) ? first(ord) : null;
    }

    @Override
    int compareTo(int ord, Object value) {
        return Boolean.compare(first(ord), (Boolean) value);
    }

    @Override
    long bytes() {
        return trues.size() / 8 + falses.size() / 8 + present.size() / 8;
    }
}
