package io.rapport.search.internal;

import java.math.BigDecimal;
import java.util.List;

/**
 * A positive number condition as ranges, any of which may hold (=, in, >, >=, <, <=, between). Each
 * bound keeps its exact value and its nearest double: doubles decide whenever they differ (conversion is
 * monotonic), the exact values only on a tie.
 */
final class NumberMatcher implements Column.Matcher {
    static final class Bound {
        final BigDecimal exact;
        final double approx;
        final boolean inclusive;

        Bound(BigDecimal exact, boolean inclusive) {
            this.exact = exact;
            this.approx = exact.doubleValue();
            this.inclusive = inclusive;
        }
    }

    static final class Range {
        final Bound low; // null: unbounded
        final Bound high;

        Range(Bound low, Bound high) {
            this.low = low;
            this.high = high;
        }
    }

    final List<Range> ranges;

    NumberMatcher(List<Range> ranges) {
        this.ranges = ranges;
    }

    static NumberMatcher equal(List<BigDecimal> values) {
        Range[] r = new Range[values.size()];
        for (int i = 0; i < r.length; i++) {
            Bound b = new Bound(values.get(i), true);
            r[i] = new Range(b, b);
        }
        return new NumberMatcher(List.of(r));
    }

    @Override
    public String key() {
        StringBuilder b = new StringBuilder();
        for (Range r : ranges) {
            b.append(r.low == null ? "(-" : (r.low.inclusive ? "[" : "(") + r.low.exact.stripTrailingZeros().toString()).append(',')
                    .append(r.high == null ? "+)" : r.high.exact.stripTrailingZeros().toString() + (r.high.inclusive ? "]" : ")"));
        }
        return b.toString();
    }

    /** {@code exact} is the value when it is no double, else null. */
    boolean test(double approx, BigDecimal exact) {
        for (Range r : ranges) {
            if (r.low != null) {
                int c = compare(approx, exact, r.low);
                if (c < 0 || (c == 0 && !r.low.inclusive)) {
                    continue;
                }
            }
            if (r.high != null) {
                int c = compare(approx, exact, r.high);
                if (c > 0 || (c == 0 && !r.high.inclusive)) {
                    continue;
                }
            }
            return true;
        }
        return false;
    }

    static int compare(double approx, BigDecimal exact, Bound b) {
        if (approx < b.approx) {
            return -1;
        }
        if (approx > b.approx) {
            return 1;
        }
        return (exact != null ? exact : new BigDecimal(approx)).compareTo(b.exact);
    }
}
