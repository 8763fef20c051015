package io.rapport.search.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The values of a text column with many distinct values (names, emails), packed into large strings
 * ("chunks") rather than one String object per value: a condition is a few {@code String.indexOf}
 * scans of contiguous memory (vectorised by the JVM) instead of a million pointer chases, and a value
 * costs its characters plus about 16 bytes. Layout of a chunk: {@code \0 slot \0 slot \0 ...}, where a
 * slot holds one ordinal's values separated by {@code \1}. A changed value goes to the last chunk; a
 * chunk that is more than half dead is rewritten.
 */
final class TextHeap {
    static final char END = '\0';
    static final char NEXT = '\1';
    static final int CHUNK_CHARS = 1 << 20;

    private static final class Chunk {
        String text; // frozen chunks
        StringBuilder tail; // the chunk being written
        int[] starts = new int[256];
        int[] ords = new int[256];
        int slots;
        int live;
        int deadChars;
        boolean several;

        CharSequence chars() {
            return text != null ? text : tail;
        }

        int length() {
            return text != null ? text.length() : tail.length();
        }

        int indexOf(String needle, int from) {
            return text != null ? text.indexOf(needle, from) : tail.indexOf(needle, from);
        }

        int end(int slot) {
            return slot + 1 < slots ? starts[slot + 1] - 1 : length() - 1;
        }
    }

    private final List<Chunk> chunks = new ArrayList<>();
    /** Per ordinal: chunk index << 32 | slot, or -1. */
    private long[] where = new long[0];

    TextHeap() {
        chunks.add(newTail());
    }

    private static Chunk newTail() {
        Chunk c = new Chunk();
        c.tail = new StringBuilder(4096);
        c.tail.append(END);
        return c;
    }

    private long where(int ord) {
        return ord < where.length ? where[ord] : -1;
    }

    boolean has(int ord) {
        return where(ord) >= 0;
    }

    /** Sets the value (a lower-cased String or String[]) of an ordinal; null clears it. */
    void set(int ord, Object value) {
        if (where.length <= ord) {
            int old = where.length;
            where = Arrays.copyOf(where, Math.max(ord + 1, old * 3 / 2));
            Arrays.fill(where, old, where.length, -1L);
        }
        long w = where[ord];
        if (w >= 0) {
            where[ord] = -1;
            kill((int) (w >>> 32), (int) w);
        }
        if (value == null) {
            return;
        }
        String text;
        boolean several = false;
        if (value instanceof String) {
            text = clean((String) value);
        } else {
            String[] all = (String[]) value;
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < all.length; i++) {
                if (i > 0) {
                    b.append(NEXT);
                }
                b.append(clean(all[i]));
            }
            text = b.toString();
            several = all.length > 1;
        }
        int ci = chunks.size() - 1;
        Chunk tail = chunks.get(ci);
        if (tail.tail.length() + text.length() + 1 > CHUNK_CHARS && tail.slots > 0) {
            tail.text = tail.tail.toString();
            tail.tail = null;
            tail = newTail();
            chunks.add(tail);
            ci++;
        }
        if (tail.slots == tail.starts.length) {
            tail.starts = Arrays.copyOf(tail.starts, tail.slots * 2);
            tail.ords = Arrays.copyOf(tail.ords, tail.slots * 2);
        }
        int slot = tail.slots++;
        tail.starts[slot] = tail.tail.length();
        tail.ords[slot] = ord;
        tail.tail.append(text).append(END);
        tail.live++;
        tail.several |= several;
        where[ord] = ((long) ci << 32) | slot;
    }

    /** Control characters of the layout cannot be in values: they are stored (and searched) as spaces. */
    static String clean(String s) {
        return s.indexOf(END) < 0 && s.indexOf(NEXT) < 0 ? s : s.replace(END, ' ').replace(NEXT, ' ');
    }

    private void kill(int ci, int slot) {
        Chunk c = chunks.get(ci);
        c.ords[slot] = -1;
        c.live--;
        c.deadChars += c.end(slot) - c.starts[slot] + 1;
        if (c.deadChars > c.length() / 2) {
            compact(ci);
        }
    }

    /** Rewrites a chunk without its dead slots. */
    private void compact(int ci) {
        Chunk c = chunks.get(ci);
        CharSequence old = c.chars();
        StringBuilder b = new StringBuilder(Math.max(16, old.length() - c.deadChars + 1));
        b.append(END);
        int[] starts = new int[Math.max(16, c.live)];
        int[] ords = new int[starts.length];
        int n = 0;
        boolean several = false;
        for (int s = 0; s < c.slots; s++) {
            int o = c.ords[s];
            if (o < 0) {
                continue;
            }
            int start = c.starts[s];
            int end = c.end(s);
            starts[n] = b.length();
            ords[n] = o;
            for (int i = start; i < end; i++) {
                char ch = old.charAt(i);
                several |= ch == NEXT;
                b.append(ch);
            }
            b.append(END);
            where[o] = ((long) ci << 32) | n;
            n++;
        }
        c.starts = starts;
        c.ords = ords;
        c.slots = n;
        c.live = n;
        c.deadChars = 0;
        c.several = several;
        if (c.text != null) {
            c.text = b.toString();
        } else {
            c.tail = b;
        }
    }

    /** The values of an ordinal, or null. */
    Object value(int ord) {
        long w = where(ord);
        if (w < 0) {
            return null;
        }
        Chunk c = chunks.get((int) (w >>> 32));
        int slot = (int) w;
        String s = c.chars().subSequence(c.starts[slot], c.end(slot)).toString();
        if (s.indexOf(NEXT) < 0) {
            return s;
        }
        return s.split(String.valueOf(NEXT), -1);
    }

    /** Ordinals with a value matching a positive text condition. */
    BitSet match(TextMatcher t, int size) {
        BitSet result = new BitSet(size);
        if (t.op == Op.IN && t.values.size() > 16) {
            for (int ci = 0; ci < chunks.size(); ci++) {
                Chunk c = chunks.get(ci);
                for (int s = 0; s < c.slots; s++) {
                    int o = c.ords[s];
                    if (o >= 0 && o < size && anyIn(c, s, t)) {
                        result.set(o);
                    }
                }
            }
            return result;
        }
        List<String> needles = new ArrayList<>();
        if (t.op == Op.IN) {
            t.values.forEach(v -> needles.add(clean(v)));
        } else {
            needles.add(clean(t.value));
        }
        for (Chunk c : chunks) {
            for (String v : needles) {
                switch (t.op) {
                case CONTAINS:
                    scan(c, v, 0, result, size);
                    break;
                case STARTS_WITH:
                    scan(c, END + v, 1, result, size);
                    if (c.several) {
                        scan(c, NEXT + v, 1, result, size);
                    }
                    break;
                case ENDS_WITH:
                    scan(c, v + END, 0, result, size);
                    if (c.several) {
                        scan(c, v + NEXT, 0, result, size);
                    }
                    break;
                default: // = and in
                    scan(c, END + v + END, 1, result, size);
                    if (c.several) {
                        scan(c, END + v + NEXT, 1, result, size);
                        scan(c, NEXT + v + END, 1, result, size);
                        scan(c, NEXT + v + NEXT, 1, result, size);
                    }
                }
            }
        }
        return result;
    }

    /** Marks the ordinal of every slot where {@code needle} occurs ({@code skip}: its leading separator). */
    private static void scan(Chunk c, String needle, int skip, BitSet result, int size) {
        int from = 0;
        int p;
        int slot = 0;
        int[] starts = c.starts;
        while ((p = c.indexOf(needle, from)) >= 0) {
            int at = p + skip;
            while (slot + 1 < c.slots && starts[slot + 1] <= at) { // hits come in order: walk, no search
                slot++;
            }
            int o = c.ords[slot];
            if (o >= 0 && o < size) {
                result.set(o);
            }
            // one hit per slot is enough: go on at the next slot
            from = slot + 1 < c.slots ? Math.max(p + 1, c.starts[slot + 1] - skip) : c.length();
        }
    }

    private static boolean anyIn(Chunk c, int slot, TextMatcher t) {
        CharSequence chars = c.chars();
        int end = c.end(slot);
        int from = c.starts[slot];
        for (int i = from; i <= end; i++) {
            char ch = i == end ? END : chars.charAt(i);
            if (ch == END || ch == NEXT) {
                if (t.values.contains(chars.subSequence(from, i).toString())) {
                    return true;
                }
                from = i + 1;
            }
        }
        return false;
    }

    /** Whether one of the ordinal's values matches, without copying them (but for {@code in}). */
    boolean test(int ord, TextMatcher t) {
        long w = where(ord);
        if (w < 0) {
            return false;
        }
        Chunk c = chunks.get((int) (w >>> 32));
        int slot = (int) w;
        CharSequence chars = c.chars();
        int end = c.end(slot);
        int from = c.starts[slot];
        for (int i = from; i <= end; i++) {
            char ch = i == end ? END : chars.charAt(i);
            if (ch == END || ch == NEXT) {
                if (matches(chars, from, i, t)) {
                    return true;
                }
                from = i + 1;
            }
        }
        return false;
    }

    /** Whether the value at [from, to) matches. */
    private static boolean matches(CharSequence chars, int from, int to, TextMatcher t) {
        int len = to - from;
        String v = t.value == null ? null : clean(t.value);
        switch (t.op) {
        case EQ:
            return len == v.length() && at(chars, from, v);
        case STARTS_WITH:
            return len >= v.length() && at(chars, from, v);
        case ENDS_WITH:
            return len >= v.length() && at(chars, to - v.length(), v);
        case CONTAINS:
            for (int i = from; i <= to - v.length(); i++) {
                if (at(chars, i, v)) {
                    return true;
                }
            }
            return false;
        default: // in: the set holds values as given, which cannot hold the separators
            return t.values.contains(chars.subSequence(from, to).toString());
        }
    }

    private static boolean at(CharSequence chars, int at, String needle) {
        for (int k = 0; k < needle.length(); k++) {
            if (chars.charAt(at + k) != needle.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Compares the first values of two ordinals that have one, without copying them. */
    int compare(int a, int b) {
        long wa = where[a];
        long wb = where[b];
        Chunk ca = chunks.get((int) (wa >>> 32));
        Chunk cb = chunks.get((int) (wb >>> 32));
        CharSequence x = ca.chars();
        CharSequence y = cb.chars();
        int i = ca.starts[(int) wa];
        int j = cb.starts[(int) wb];
        while (true) {
            char p = x.charAt(i++);
            char q = y.charAt(j++);
            boolean endP = p == END || p == NEXT;
            boolean endQ = q == END || q == NEXT;
            if (endP || endQ) {
                return endP == endQ ? 0 : endP ? -1 : 1;
            }
            if (p != q) {
                return p - q;
            }
        }
    }

    /** Compares the first value of an ordinal that has one with {@code s}, without copying it. */
    int compareTo(int a, String s) {
        long wa = where[a];
        Chunk ca = chunks.get((int) (wa >>> 32));
        CharSequence x = ca.chars();
        int i = ca.starts[(int) wa];
        for (int k = 0;; k++) {
            char p = x.charAt(i + k);
            boolean endP = p == END || p == NEXT;
            if (k == s.length()) {
                return endP ? 0 : 1;
            }
            if (endP) {
                return -1;
            }
            char q = s.charAt(k);
            if (p != q) {
                return p - q;
            }
        }
    }

    String first(int ord) {
        Object v = value(ord);
        return v == null ? null : v instanceof String ? (String) v : ((String[]) v)[0];
    }

    long bytes() {
        long b = where.length * 8L;
        for (Chunk c : chunks) {
            b += c.length() + c.starts.length * 8L + 64; // Latin-1: a byte a character
        }
        return b;
    }
}
