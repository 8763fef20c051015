package io.rapport.search.internal;

import java.util.Arrays;

/**
 * Subject id to ordinal, as an open-addressing table of ordinals (linear probing) whose keys are the ids
 * the caller keeps per ordinal: about 8 bytes per subject instead of a HashMap's 50.
 */
final class OrdinalMap {
    interface Ids {
        String id(int ordinal);
    }

    private final Ids ids;
    private int[] slots = new int[1024]; // ordinal + 1; 0 is empty
    private int size;

    OrdinalMap(Ids ids) {
        this.ids = ids;
    }

    int size() {
        return size;
    }

    /** The ordinal of {@code id}, or -1. */
    int get(String id) {
        int mask = slots.length - 1;
        for (int i = mix(id.hashCode()) & mask;; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                return -1;
            }
            if (ids.id(s - 1).equals(id)) {
                return s - 1;
            }
        }
    }

    /** Adds {@code id} (not present) as {@code ordinal}, whose id {@link Ids} already answers. */
    void put(String id, int ordinal) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        insert(id.hashCode(), ordinal);
        size++;
    }

    private void insert(int hash, int ordinal) {
        int mask = slots.length - 1;
        int i = mix(hash) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = ordinal + 1;
    }

    /** Removes {@code id}; call before the ordinal's id is forgotten. */
    void remove(String id) {
        int mask = slots.length - 1;
        int i = mix(id.hashCode()) & mask;
        for (;; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                return;
            }
            if (ids.id(s - 1).equals(id)) {
                break;
            }
        }
        // backward-shift deletion keeps every probe chain unbroken
        int hole = i;
        for (int j = (hole + 1) & mask;; j = (j + 1) & mask) {
            int s = slots[j];
            if (s == 0) {
                break;
            }
            int home = mix(ids.id(s - 1).hashCode()) & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                slots[hole] = s;
                hole = j;
            }
        }
        slots[hole] = 0;
        size--;
    }

    private void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        for (int s : old) {
            if (s != 0) {
                insert(ids.id(s - 1).hashCode(), s - 1);
            }
        }
    }

    void clear() {
        Arrays.fill(slots, 0);
        size = 0;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
