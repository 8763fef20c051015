package io.rapport.search.internal;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

import io.rapport.platform.search.FieldType;

/**
 * Lower-cased text values. While a field has few distinct values (tags, industries, countries) they are
 * dictionary-coded: an int per ordinal, and a condition is decided once per distinct value, then by a
 * scan of ints. A field with many distinct values (names, emails) switches once, for good, to a
 * {@link TextHeap}, scanned with String.indexOf.
 */
final class TextColumn extends Column {
    /** Beyond this many distinct values, and more than a quarter of the subjects, the column goes plain. */
    static final int DICTIONARY_LIMIT = 50_000;
    private final int dictionaryLimit;
    private static final int ABSENT = -1;
    private static final int SEVERAL = -2;

    private boolean plain;
    // dictionary form
    private Map<String, Integer> codeOf = new HashMap<>();
    private String[] dictionary = new String[16];
    /** Per code, the value as last written where that differs from its lower case: what lists show. */
    private String[] shownForms = new String[16];
    private int[] uses = new int[16];
    private int dictionarySize;
    private int[] freeCodes = new int[16];
    private int freeCount;
    private int[] codes = new int[0]; // for reading one subject's values
    private int[][] several = null; // per ordinal whose code is SEVERAL
    /** Per code, the ordinals holding it: a condition reads its matches, not every subject. */
    private IntPostings[] postings = new IntPostings[16];
    // plain form
    private TextHeap heap;
    /**
     * Once the column was sorted by: per ordinal, its first value's first four characters packed into a
     * long, so that most comparisons of a sort are one long comparison. Kept up to date by writes.
     */
    private volatile long[] sortKeys;

    TextColumn(String name, FieldType type, int dictionaryLimit) {
        super(name, type);
        this.dictionaryLimit = dictionaryLimit;
    }

    int distinct() {
        return plain ? -1 : codeOf.size();
    }

    boolean plain() {
        return plain;
    }

    @Override
    void set(int ord, Object value) {
        set(ord, value, null);
    }

    /**
     * Sets a lower-cased value; {@code shown} is its form as written (aligned with it, null when the
     * same), kept per distinct value while the column is a dictionary: the last written form wins.
     */
    @Override
    void set(int ord, Object value, Object shown) {
        track(ord, value != null);
        long[] keys = sortKeys;
        if (keys != null) {
            if (keys.length <= ord) {
                keys = Arrays.copyOf(keys, Math.max(ord + 1, keys.length * 3 / 2));
                sortKeys = keys;
            }
            keys[ord] = value == null ? 0 : key(value instanceof String ? (String) value : ((String[]) value)[0]);
        }
        if (plain) {
            heap.set(ord, value);
        } else {
            ensureCodes(ord + 1);
            release(ord);
            if (value == null) {
                codes[ord] = ABSENT;
            } else if (value instanceof String) {
                codes[ord] = code((String) value, ord, shown instanceof String ? (String) shown : null);
            } else {
                String[] all = (String[]) value;
                String[] written = shown instanceof String[] && ((String[]) shown).length == all.length ? (String[]) shown : null;
                int[] c = new int[all.length];
                for (int i = 0; i < all.length; i++) {
                    c[i] = code(all[i], ord, written == null ? null : written[i]);
                }
                codes[ord] = SEVERAL;
                if (several == null) {
                    several = new int[codes.length][];
                } else if (several.length < codes.length) {
                    several = Arrays.copyOf(several, codes.length);
                }
                several[ord] = c;
            }
            if (codeOf.size() > dictionaryLimit && codeOf.size() * 4L > count) {
                toPlain();
            }
        }
    }

    private void release(int ord) {
        int c = codes[ord];
        if (c >= 0) {
            unuse(c, ord);
        } else if (c == SEVERAL) {
            for (int x : several[ord]) {
                unuse(x, ord);
            }
            several[ord] = null;
        }
    }

    private int code(String s, int ord, String written) {
        int c = code(s);
        shownForms[c] = written;
        if (postings.length < dictionary.length) {
            postings = Arrays.copyOf(postings, dictionary.length);
        }
        if (postings[c] == null) {
            postings[c] = new IntPostings();
        }
        postings[c].add(ord);
        return c;
    }

    private void unuse(int c, int ord) {
        postings[c].remove(ord);
        unuse(c);
    }

    private int code(String s) {
        Integer c = codeOf.get(s);
        if (c == null) {
            if (freeCount > 0) {
                c = freeCodes[--freeCount];
            } else {
                c = dictionarySize++;
                if (c == dictionary.length) {
                    dictionary = Arrays.copyOf(dictionary, c * 2);
                    shownForms = Arrays.copyOf(shownForms, c * 2);
                    uses = Arrays.copyOf(uses, c * 2);
                }
            }
            dictionary[c] = s;
            codeOf.put(s, c);
        }
        uses[c]++;
        return c;
    }

    private void unuse(int c) {
        if (--uses[c] == 0) {
            codeOf.remove(dictionary[c]);
            dictionary[c] = null;
            shownForms[c] = null;
            if (freeCount == freeCodes.length) {
                freeCodes = Arrays.copyOf(freeCodes, freeCount * 2);
            }
            freeCodes[freeCount++] = c;
        }
    }

    private void toPlain() {
        TextHeap h = new TextHeap();
        for (int o = present.nextSetBit(0); o >= 0; o = present.nextSetBit(o + 1)) {
            h.set(o, valueOf(o));
        }
        heap = h;
        plain = true;
        codeOf = null;
        dictionary = null;
        shownForms = null;
        uses = null;
        freeCodes = null;
        codes = null;
        several = null;
        postings = null;
    }

    private Object valueOf(int o) {
        if (plain) {
            return heap.value(o);
        }
        if (o >= codes.length) {
            return null;
        }
        int c = codes[o];
        if (c >= 0) {
            return dictionary[c];
        }
        if (c == SEVERAL) {
            int[] cs = several[o];
            String[] all = new String[cs.length];
            for (int i = 0; i < cs.length; i++) {
                all[i] = dictionary[cs[i]];
            }
            return all;
        }
        return null;
    }

    private void ensureCodes(int n) {
        if (codes.length < n) {
            int old = codes.length;
            codes = Arrays.copyOf(codes, Math.max(n, Math.max(16, old * 3 / 2)));
            Arrays.fill(codes, old, codes.length, ABSENT);
        }
    }

    @Override
    BitSet match(Matcher m, int size) {
        TextMatcher t = (TextMatcher) m;
        if (plain) {
            return heap.match(t, size);
        }
        // decided once per distinct value; the matches are read from the postings of those that hold
        BitSet result = new BitSet(size);
        if (t.op == Op.EQ) {
            Integer c = codeOf.get(t.value);
            if (c != null) {
                postings[c].into(result);
            }
        } else {
            for (int c = 0; c < dictionarySize; c++) {
                String s = dictionary[c];
                if (s != null && t.test(s)) {
                    postings[c].into(result);
                }
            }
        }
        if (result.length() > size) {
            result.clear(size, result.length());
        }
        return result;
    }

    @Override
    int cost() {
        return plain ? 2 : 0;
    }

    @Override
    boolean test(int ord, Matcher m) {
        TextMatcher t = (TextMatcher) m;
        if (plain) {
            return heap.test(ord, t);
        }
        Object x = valueOf(ord);
        if (x == null) {
            return false;
        }
        if (x instanceof String) {
            return t.test((String) x);
        }
        for (String s : (String[]) x) {
            if (t.test(s)) {
                return true;
            }
        }
        return false;
    }

    private String first(int ord) {
        if (plain) {
            return heap.first(ord);
        }
        int c = codes[ord];
        return c >= 0 ? dictionary[c] : c == SEVERAL ? dictionary[several[ord][0]] : null;
    }

    @Override
    int compare(int a, int b) {
        long[] keys = sortKeys;
        if (keys != null) {
            int c = Long.compareUnsigned(keys[a], keys[b]);
            if (c != 0) {
                return c;
            }
        }
        return plain ? heap.compare(a, b) : first(a).compareTo(first(b));
    }

    /** The first four characters, in order, as an unsigned long (missing ones as 0). */
    static long key(String s) {
        long k = 0;
        for (int i = 0; i < 4; i++) {
            k = (k << 16) | (i < s.length() ? s.charAt(i) : 0);
        }
        return k;
    }

    @Override
    void prepareSort() {
        if (sortKeys == null) {
            synchronized (this) { // readers share the read lock: one of them builds
                if (sortKeys == null) {
                    long[] keys = new long[Math.max(16, present.length())];
                    for (int o = present.nextSetBit(0); o >= 0; o = present.nextSetBit(o + 1)) {
                        keys[o] = key(first(o));
                    }
                    sortKeys = keys;
                }
            }
        }
    }

    @Override
    Object sortValue(int ord) {
        return present.get(ord) ? first(ord) : null;
    }

    @Override
    Object shown(int ord) {
        if (!present.get(ord)) {
            return null;
        }
        if (plain) { // the heap keeps the lower case only
            Object v = heap.value(ord);
            return v instanceof String[] ? java.util.List.of((String[]) v) : v;
        }
        int c = codes[ord];
        if (c >= 0) {
            return shownOf(c);
        }
        int[] cs = several[ord];
        String[] all = new String[cs.length];
        for (int i = 0; i < cs.length; i++) {
            all[i] = shownOf(cs[i]);
        }
        return java.util.List.of(all);
    }

    private String shownOf(int code) {
        return shownForms[code] != null ? shownForms[code] : dictionary[code];
    }

    @Override
    int compareTo(int ord, Object value) {
        return plain ? heap.compareTo(ord, (String) value) : first(ord).compareTo((String) value);
    }

    @Override
    long bytes() {
        long b = present.size() / 8;
        if (plain) {
            b += heap.bytes();
        } else {
            b += 16 + codes.length * 4L + dictionary.length * 16L;
            for (String s : shownForms) {
                b += s == null ? 0 : 40 + 2L * s.length();
            }
            if (several != null) {
                b += several.length * 4L;
                for (int[] s : several) {
                    if (s != null) {
                        b += 16 + 4L * s.length;
                    }
                }
            }
            for (String s : codeOf.keySet()) {
                b += 90 + s.length();
            }
            for (IntPostings p : postings) {
                b += p == null ? 0 : p.bytes();
            }
        }
        return b;
    }
}
