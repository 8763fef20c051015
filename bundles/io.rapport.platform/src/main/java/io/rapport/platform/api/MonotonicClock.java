package io.rapport.platform.api;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creation times in epoch microseconds that never repeat or go back within a runtime, so that
 * "newest first" is exactly the order of creation and keyset cursors have no ties to break.
 */
public final class MonotonicClock {
    private static final AtomicLong LAST = new AtomicLong();

    private MonotonicClock() {
    }

    public static long nowMicros() {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return LAST.accumulateAndGet(micros, (last, candidate) -> Math.max(last + 1, candidate));
    }

    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
