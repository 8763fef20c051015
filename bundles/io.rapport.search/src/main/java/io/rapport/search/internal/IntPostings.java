package io.rapport.search.internal;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The ordinals holding one dictionary value, as a sorted int array: 4 bytes an entry however rare the
 * value, O(matches) to read. Loads append (ordinals grow); later changes insert in place.
 */
final class IntPostings {
    private int[] ords = new int[4];
    private int size;

    void add(int ord) {
        if (size == 0 || ords[size - 1] < ord) {
            if (size == ords.length) {
                ords = Arrays.copyOf(ords, size * 2);
            }
            ords[size++] = ord;
            return;
        }
        int i = Arrays.binarySearch(ords, 0, size, ord);
        if (i >= 0) {
            return;
        }
        i = -i - 1;
        if (size == ords.length) {
            ords = Arrays.copyOf(ords, size * 2);
        }
        System.arraycopy(ords, i, ords, i + 1, size - i);
        ords[i] = ord;
        size++;
    }

    void remove(int ord) {
        int i = Arrays.binarySearch(ords, 0, size, ord);
        if (i >= 0) {
            System.arraycopy(ords, i + 1, ords, i, size - i - 1);
            size--;
            if (size < ords.length / 4 && ords.length > 16) {
                ords = Arrays.copyOf(ords, ords.length / 2);
            }
        }
    }

    int size() {
        return size;
    }

    void into(BitSet result) {
        int[] a = ords;
        for (int i = 0; i < size; i++) {
            result.set(a[i]);
        }
    }

    long bytes() {
        return 16 + ords.length * 4L;
    }
}
