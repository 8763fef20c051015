package io.rapport.search.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConditionCacheTest {
    @Test
    void aNumberIsKeyedByItsDigitsNotWrittenOut() {
        // the key of 1e40000000 was the number written out: 40 million characters kept in the cache
        String key = NumberMatcher.equal(List.of(new BigDecimal("1e999"), new BigDecimal("-1.50e-999"))).key();
        assertTrue(key.length() < 100, key);
        String same = NumberMatcher.equal(List.of(new BigDecimal("10e998"), new BigDecimal("-1.5e-999"))).key();
        assertTrue(key.equals(same), "equal values, equal keys: " + key + " / " + same);
    }

    @Test
    void theCacheIsBoundedByWeightWhateverTheKeys() throws Exception {
        ConditionCache cache = new ConditionCache(1_000_000);
        Column column = new BooleanColumn("flag");
        BitSet matches = new BitSet(1_000_000);
        matches.set(999_999); // 125 KB of bits per entry
        for (int i = 0; i < 1000; i++) {
            cache.put("k" + i + "x".repeat(10_000), column, column.version, matches);
        }
        var weight = ConditionCache.class.getDeclaredField("weight");
        weight.setAccessible(true);
        long kept = (long) weight.get(cache);
        assertTrue(kept <= ConditionCache.MAX_WEIGHT_BYTES, kept + " bytes kept");
        assertNotNull(cache.get("k999" + "x".repeat(10_000), column), "the newest stays");
        assertNull(cache.get("k0" + "x".repeat(10_000), column), "the oldest went");
        cache.put("huge", column, column.version, new BitSet(40_000_000));
        assertNull(cache.get("huge", column), "one result too heavy for the cache is not kept");
    }
}
