package io.rapport.segments.internal;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A set of profile ids in 21 to 43 bytes per id (16 per slot, the table 3/8 to 3/4 full), not the 90 or
 * so of a {@code HashSet<String>}: an id of the platform's form ({@code per_} and 20 characters of a
 * 33-letter alphabet, about 101 bits) is kept as two longs in an open-addressing table. Other ids
 * (another prefix, or not of that form) go to a plain set beside it. Not thread-safe: only the
 * membership worker uses it.
 */
final class CompactIdSet {
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789";
    private static final int BODY = 20;
    private static final int HALF = BODY / 2;
    private static final long EMPTY = -1L;
    private static final byte[] DIGIT = new byte[128];

    static {
        Arrays.fill(DIGIT, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            DIGIT[ALPHABET.charAt(i)] = (byte) i;
        }
    }

    private final String prefix;
    /** Pairs (hi, lo); hi == EMPTY marks a free slot. Both halves are below 33^10 < 2^51. */
    private long[] slots;
    private int mask;
    private int compactSize;
    private final Set<String> others = new HashSet<>();

    /** @param prefix the ids' type prefix with its underscore, e.g. {@code per_} */
    CompactIdSet(String prefix, int expected) {
        this.prefix = prefix;
        int capacity = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, expected * 4L / 3 + 1)) - 1) << 1;
        allocate(capacity);
    }

    int size() {
        return compactSize + others.size();
    }

    boolean contains(String id) {
        long hi = hi(id);
        if (hi == EMPTY) {
            return others.contains(id);
        }
        return find(hi, lo(id)) >= 0;
    }

    /** True when it was not there. */
    boolean add(String id) {
        long hi = hi(id);
        if (hi == EMPTY) {
            return others.add(id);
        }
        long lo = lo(id);
        if (find(hi, lo) >= 0) {
            return false;
        }
        if ((compactSize + 1) * 4L > (mask + 1) * 3L) {
            grow();
        }
        insert(hi, lo);
        compactSize++;
        return true;
    }

    /** True when it was there. */
    boolean remove(String id) {
        long hi = hi(id);
        if (hi == EMPTY) {
            return others.remove(id);
        }
        int slot = find(hi, lo(id));
        if (slot < 0) {
            return false;
        }
        // backward-shift deletion: no tombstones, so lookups stay short after many removals
        int free = slot;
        for (int i = (free + 1) & mask;; i = (i + 1) & mask) {
            long h = slots[2 * i];
            if (h == EMPTY) {
                break;
            }
            int home = home(h, slots[2 * i + 1]);
            // move entry i to the free slot when its home is not within (free, i]
            if (((i - home) & mask) >= ((i - free) & mask)) {
                slots[2 * free] = h;
                slots[2 * free + 1] = slots[2 * i + 1];
                free = i;
            }
        }
        slots[2 * free] = EMPTY;
        compactSize--;
        return true;
    }

    private int find(long hi, long lo) {
        for (int i = home(hi, lo);; i = (i + 1) & mask) {
            long h = slots[2 * i];
            if (h == EMPTY) {
                return -1;
            }
            if (h == hi && slots[2 * i + 1] == lo) {
                return i;
            }
        }
    }

    private void insert(long hi, long lo) {
        int i = home(hi, lo);
        while (slots[2 * i] != EMPTY) {
            i = (i + 1) & mask;
        }
        slots[2 * i] = hi;
        slots[2 * i + 1] = lo;
    }

    private void grow() {
        long[] old = slots;
        allocate((mask + 1) * 2);
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != EMPTY) {
                insert(old[i], old[i + 1]);
            }
        }
    }

    private void allocate(int capacity) {
        slots = new long[capacity * 2];
        Arrays.fill(slots, EMPTY);
        mask = capacity - 1;
    }

    private int home(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L + lo;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return (int) h & mask;
    }

    /** The first half's number, or EMPTY when the id is not of the compact form. */
    private long hi(String id) {
        if (id.length() != prefix.length() + BODY || !id.startsWith(prefix)) {
            return EMPTY;
        }
        long hi = number(id, prefix.length());
        return hi < 0 || number(id, prefix.length() + HALF) < 0 ? EMPTY : hi;
    }

    private long lo(String id) {
        return number(id, prefix.length() + HALF);
    }

    private static long number(String id, int from) {
        long n = 0;
        for (int i = from; i < from + HALF; i++) {
            char c = id.charAt(i);
            int d = c < 128 ? DIGIT[c] : -1;
            if (d < 0) {
                return -1;
            }
            n = n * 33 + d;
        }
        return n;
    }
}
