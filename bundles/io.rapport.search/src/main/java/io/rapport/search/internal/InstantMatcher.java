package io.rapport.search.internal;

/** A positive time condition as inclusive ranges of epoch microseconds, any of which may hold. */
final class InstantMatcher implements Column.Matcher {
    final long[] low;
    final long[] high;

    InstantMatcher(long[] low, long[] high) {
        this.low = low;
        this.high = high;
    }

    static InstantMatcher range(long low, long high) {
        return new InstantMatcher(new long[] { low }, new long[] { high });
    }

    @Override
    public String key() {
        return java.util.Arrays.toString(low) + java.util.Arrays.toString(high);
    }

    boolean test(long v) {
        for (int i = 0; i < low.length; i++) {
            if (v >= low[i] && v <= high[i]) {
                return true;
            }
        }
        return false;
    }
}
