package io.rapport.segments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.rapport.platform.api.Ids;

class CompactIdSetTest {
    @Test
    void behavesLikeASetUnderRandomAddsAndRemoves() {
        Random random = new Random(42);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            pool.add(Ids.newId("per"));
        }
        pool.add("per_short");
        pool.add("com_" + pool.get(0).substring(4)); // another prefix
        pool.add("per_ABCDEFGHIJKLMNOPQRST"); // not the alphabet
        CompactIdSet set = new CompactIdSet("per_", 0);
        Set<String> expected = new HashSet<>();
        for (int step = 0; step < 200_000; step++) {
            String id = pool.get(random.nextInt(pool.size()));
            switch (random.nextInt(3)) {
                case 0:
                    assertEquals(expected.add(id), set.add(id), "add " + id);
                    break;
                case 1:
                    assertEquals(expected.remove(id), set.remove(id), "remove " + id);
                    break;
                default:
                    assertEquals(expected.contains(id), set.contains(id), "contains " + id);
            }
            assertEquals(expected.size(), set.size());
        }
        for (String id : pool) {
            assertEquals(expected.contains(id), set.contains(id), id);
        }
    }

    @Test
    void growsFromASizeHintAndEmptiesCompletely() {
        CompactIdSet set = new CompactIdSet("com_", 10);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.newId("com");
            ids.add(id);
            assertTrue(set.add(id));
            assertFalse(set.add(id));
        }
        assertEquals(10_000, set.size());
        for (String id : ids) {
            assertTrue(set.remove(id));
        }
        assertEquals(0, set.size());
        for (String id : ids) {
            assertFalse(set.contains(id));
        }
    }
}
