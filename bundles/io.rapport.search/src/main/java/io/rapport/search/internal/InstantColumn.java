package io.rapport.search.internal;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

import io.rapport.platform.search.FieldType;

/** Points in time as epoch microseconds, 8 bytes per subject; several values per subject in a side map. */
final class InstantColumn extends Column {
    long[] values = new long[16];
    private final BitSet several = new BitSet();
    private final Map<Integer, long[]> severalValues = new HashMap<>();

    InstantColumn(String name) {
        super(name, FieldType.INSTANT);
    }

    @Override
    void set(int ord, Object value) {
        track(ord, value != null);
        if (several.get(ord)) {
            several.clear(ord);
            severalValues.remove(ord);
        }
        if (value == null) {
            return;
        }
        if (values.length <= ord) {
            values = Arrays.copyOf(values, Math.max(ord + 1, values.length * 3 / 2));
        }
        if (value instanceof long[]) {
            long[] all = (long[]) value;
            several.set(ord);
            severalValues.put(ord, all);
            values[ord] = all[0];
        } else {
            values[ord] = (Long) value;
        }
    }

    @Override
    Object shown(int ord) {
        if (!present.get(ord)) {
            return null;
        }
        if (several.get(ord)) {
            java.util.List<String> all = new java.util.ArrayList<>();
            for (long micros : severalValues.get(ord)) {
                all.add(io.rapport.platform.api.MonotonicClock.toInstant(micros).toString());
            }
            return all;
        }
        return io.rapport.platform.api.MonotonicClock.toInstant(values[ord]).toString();
    }

    @Override
    BitSet match(Matcher m, int size) {
        InstantMatcher t = (InstantMatcher) m;
        BitSet result = new BitSet(size);
        long[] v = values;
        if (t.low.length == 1 && several.isEmpty()) {
            long lo = t.low[0];
            long hi = t.high[0];
            int end = Math.min(size, v.length);
            for (int o = 0; o < end; o++) {
                long x = v[o]; // stale where absent: checked on the candidates
                if (x >= lo && x <= hi && present.get(o)) {
                    result.set(o);
                }
            }
            return result;
        }
        for (int o = present.nextSetBit(0); o >= 0 && o < size; o = present.nextSetBit(o + 1)) {
            if (several.get(o) ? anyOf(o, t) : t.test(v[o])) {
                result.set(o);
            }
        }
        return result;
    }

    private boolean anyOf(int ord, InstantMatcher t) {
        for (long x : severalValues.get(ord)) {
            if (t.test(x)) {
                return true;
            }
        }
        return false;
    }

    @Override
    boolean test(int ord, Matcher m) {
        if (!present.get(ord)) {
            return false;
        }
        InstantMatcher t = (InstantMatcher) m;
        return several.get(ord) ? anyOf(ord, t) : t.test(values[ord]);
    }

    @Override
    int compare(int a, int b) {
        return Long.compare(values[a], values[b]);
    }

    @Override
    Object sortValue(int ord) {
        return present.get(ord) ? values[ord] : null;
    }

    @Override
    int compareTo(int ord, Object value) {
        return Long.compare(values[ord], (Long) value);
    }

    @Override
    long bytes() {
        return present.size() / 8 + 16 + values.length * 8L + severalValues.size() * 100L;
    }
}
