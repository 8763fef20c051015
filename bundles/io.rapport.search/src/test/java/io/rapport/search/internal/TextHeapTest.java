package io.rapport.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The packed text store against plain strings, through updates and chunk rewrites. */
class TextHeapTest {
    private static final String[] WORDS = { "ada", "ad", "a", "bob", "ob", "o'brien", "smith", "x@y.z", "ada smith", "ab", "hé" };

    @Test
    void agreesWithPlainStrings() {
        Random r = new Random(3);
        TextHeap heap = new TextHeap();
        Map<Integer, Object> plain = new HashMap<>();
        for (int round = 0; round < 20_000; round++) {
            int ord = r.nextInt(500);
            Object v;
            int k = r.nextInt(6);
            if (k == 0) {
                v = null;
            } else if (k == 1) {
                v = new String[] { WORDS[r.nextInt(WORDS.length)], WORDS[r.nextInt(WORDS.length)] + r.nextInt(3) };
            } else {
                v = WORDS[r.nextInt(WORDS.length)] + (r.nextBoolean() ? "" : " " + WORDS[r.nextInt(WORDS.length)]);
            }
            heap.set(ord, v);
            if (v == null) {
                plain.remove(ord);
            } else {
                plain.put(ord, v);
            }
            if (round % 1000 == 999) {
                check(heap, plain);
            }
        }
    }

    private static List<String> values(Object v) {
        return v instanceof String ? List.of((String) v) : List.of((String[]) v);
    }

    private static void check(TextHeap heap, Map<Integer, Object> plain) {
        for (int o = 0; o < 500; o++) {
            Object v = plain.get(o);
            Object h = heap.value(o);
            assertEquals(v == null ? null : values(v), h == null ? null : values(h), "value of " + o);
        }
        for (String w : WORDS) {
            for (Op op : List.of(Op.EQ, Op.CONTAINS, Op.STARTS_WITH, Op.ENDS_WITH, Op.IN)) {
                TextMatcher t = new TextMatcher(op, w, new java.util.HashSet<>(List.of(w, "bob")));
                BitSet expected = new BitSet();
                plain.forEach((o, v) -> {
                    if (values(v).stream().anyMatch(t::test)) {
                        expected.set(o);
                    }
                });
                assertEquals(expected, heap.match(t, 500), op + " " + w);
                for (int o = 0; o < 500; o++) {
                    assertEquals(expected.get(o), heap.test(o, t), op + " " + w + " on " + o);
                }
            }
            java.util.Set<String> many = new java.util.HashSet<>(List.of(WORDS));
            many.remove(w);
            for (int i = 0; i < 20; i++) {
                many.add("other" + i);
            }
            TextMatcher in = new TextMatcher(Op.IN, null, many);
            BitSet expected = new BitSet();
            plain.forEach((o, v) -> {
                if (values(v).stream().anyMatch(in::test)) {
                    expected.set(o);
                }
            });
            assertEquals(expected, heap.match(in, 500), "in many");
        }
        List<Integer> ords = new ArrayList<>(plain.keySet());
        for (int i = 0; i < ords.size(); i++) {
            int a = ords.get(i);
            int b = ords.get((i * 7 + 3) % ords.size());
            String fa = values(plain.get(a)).get(0);
            String fb = values(plain.get(b)).get(0);
            assertEquals(Integer.signum(fa.compareTo(fb)), Integer.signum(heap.compare(a, b)), fa + " vs " + fb);
            assertEquals(Integer.signum(fa.compareTo(fb)), Integer.signum(heap.compareTo(a, fb)), fa + " vs " + fb);
        }
    }
}
