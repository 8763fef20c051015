package io.rapport.search.internal;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

import io.rapport.platform.search.FieldType;

/**
 * Decimals as doubles, with the exact value kept beside only when the double is not exact (0.1): 8 bytes
 * per subject for whole numbers, 17 for decimals such as amounts (unscaled long and scale), more only for
 * decimals beyond a long. Subjects with several values keep them in a side map.
 */
final class NumberColumn extends Column {
    private double[] approx = new double[16];
    /** Ordinals whose double is not their exact value: it is in unscaled/scales, or in huge. */
    private final BitSet inexact = new BitSet();
    private long[] unscaled; // allocated on the first value that is no double
    private byte[] scales;
    private final Map<Integer, BigDecimal> huge = new HashMap<>();
    private final BitSet several = new BitSet();
    private final Map<Integer, BigDecimal[]> severalValues = new HashMap<>();

    NumberColumn(String name) {
        super(name, FieldType.NUMBER);
    }

    @Override
    void set(int ord, Object value) {
        track(ord, value != null);
        if (several.get(ord)) {
            several.clear(ord);
            severalValues.remove(ord);
        }
        if (value == null) {
            forgetExact(ord);
            return;
        }
        BigDecimal first;
        if (value instanceof BigDecimal[]) {
            BigDecimal[] all = (BigDecimal[]) value;
            several.set(ord);
            severalValues.put(ord, all);
            first = all[0];
        } else {
            first = (BigDecimal) value;
        }
        if (approx.length <= ord) {
            approx = Arrays.copyOf(approx, Math.max(ord + 1, approx.length * 3 / 2));
        }
        double d = first.doubleValue();
        approx[ord] = d;
        boolean isExact = !Double.isInfinite(d) && new BigDecimal(d).compareTo(first) == 0;
        forgetExact(ord);
        if (!isExact) {
            inexact.set(ord);
            BigDecimal x = first.stripTrailingZeros();
            if (x.scale() >= Byte.MIN_VALUE && x.scale() <= Byte.MAX_VALUE && x.unscaledValue().bitLength() < 64) {
                if (unscaled == null) {
                    unscaled = new long[approx.length];
                    scales = new byte[approx.length];
                }
                if (unscaled.length <= ord) {
                    unscaled = Arrays.copyOf(unscaled, approx.length);
                    scales = Arrays.copyOf(scales, approx.length);
                }
                unscaled[ord] = x.unscaledValue().longValue();
                scales[ord] = (byte) x.scale();
            } else {
                huge.put(ord, first);
            }
        }
    }

    private void forgetExact(int ord) {
        if (inexact.get(ord)) {
            inexact.clear(ord);
            huge.remove(ord);
        }
    }

    /** The exact value when the double is not, else null. */
    private BigDecimal exactOf(int ord) {
        if (!inexact.get(ord)) {
            return null;
        }
        BigDecimal h = huge.get(ord);
        return h != null ? h : BigDecimal.valueOf(unscaled[ord], scales[ord]);
    }

    @Override
    BitSet match(Matcher m, int size) {
        NumberMatcher n = (NumberMatcher) m;
        BitSet result = new BitSet(size);
        double[] a = approx;
        if (n.ranges.size() == 1 && several.isEmpty()) {
            // one range: doubles decide, the exact values only where a double equals a bound
            NumberMatcher.Range r = n.ranges.get(0);
            double lo = r.low == null ? Double.NEGATIVE_INFINITY : r.low.approx;
            double hi = r.high == null ? Double.POSITIVE_INFINITY : r.high.approx;
            int end = Math.min(size, a.length);
            for (int o = 0; o < end; o++) {
                double d = a[o]; // stale where absent: checked on the (few) candidates
                if (d >= lo && d <= hi && present.get(o) && ((d != lo && d != hi) || n.test(d, exactOf(o)))) {
                    result.set(o);
                }
            }
            return result;
        }
        for (int o = present.nextSetBit(0); o >= 0 && o < size; o = present.nextSetBit(o + 1)) {
            if (several.get(o) ? anyOf(o, n) : n.test(a[o], exactOf(o))) {
                result.set(o);
            }
        }
        return result;
    }

    private boolean anyOf(int ord, NumberMatcher n) {
        for (BigDecimal v : severalValues.get(ord)) {
            if (n.test(v.doubleValue(), v)) {
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
        NumberMatcher n = (NumberMatcher) m;
        return several.get(ord) ? anyOf(ord, n) : n.test(approx[ord], exactOf(ord));
    }

    private BigDecimal value(int ord) {
        BigDecimal e = exactOf(ord);
        return e != null ? e : new BigDecimal(approx[ord]);
    }

    @Override
    int compare(int a, int b) {
        int c = Double.compare(approx[a], approx[b]);
        if (c != 0) {
            return c;
        }
        return !inexact.get(a) && !inexact.get(b) ? 0 : value(a).compareTo(value(b));
    }

    @Override
    Object sortValue(int ord) {
        return present.get(ord) ? value(ord).stripTrailingZeros() : null;
    }

    @Override
    Object shown(int ord) {
        if (!present.get(ord)) {
            return null;
        }
        return several.get(ord) ? java.util.List.of(severalValues.get(ord)) : value(ord);
    }

    @Override
    int compareTo(int ord, Object v) {
        BigDecimal x = (BigDecimal) v;
        return NumberMatcher.compare(approx[ord], exactOf(ord), new NumberMatcher.Bound(x, true));
    }

    @Override
    long bytes() {
        long b = present.size() / 8 + inexact.size() / 8 + 16 + approx.length * 8L;
        if (unscaled != null) {
            b += unscaled.length * 9L;
        }
        return b + huge.size() * 100L + severalValues.size() * 120L;
    }
}
