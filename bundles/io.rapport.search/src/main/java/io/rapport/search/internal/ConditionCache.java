package io.rapport.search.internal;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The matches of recent scanning conditions (text scans, number and time ranges), each valid while its
 * column is unchanged: paging through a query, or asking the same one again, skips the scan. Any write
 * to the column makes its entries stale, so results are never older than the column. Least recently
 * used entries go first. It is bounded by entries and by weight ({@link #MAX_WEIGHT_BYTES}: keys and
 * results together), so that no sequence of queries, however large their values, can grow it beyond that.
 * Shared by concurrent readers; entries are never modified.
 */
final class ConditionCache {
    /** Most memory the entries of one model may take, keys and results counted. */
    static final long MAX_WEIGHT_BYTES = 16L * 1024 * 1024;

    private static final class Entry {
        final Column column;
        final long version;
        final BitSet matches;
        final long weight;

        Entry(String key, Column column, long version, BitSet matches) {
            this.column = column;
            this.version = version;
            this.matches = matches;
            this.weight = 64 + 2L * key.length() + matches.size() / 8;
        }
    }

    private final int capacity;
    private final LinkedHashMap<String, Entry> entries;
    private long weight;

    ConditionCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                if (size() > ConditionCache.this.capacity) {
                    weight -= eldest.getValue().weight;
                    return true;
                }
                return false;
            }
        };
    }

    /** The cached matches of {@code key} on this column as it is now, or null. Do not modify them. */
    BitSet get(String key, Column column) {
        if (capacity == 0) {
            return null;
        }
        synchronized (entries) {
            Entry e = entries.get(key);
            if (e == null) {
                return null;
            }
            if (e.column != column || e.version != column.version) {
                weight -= entries.remove(key).weight;
                return null;
            }
            return e.matches;
        }
    }

    void put(String key, Column column, long version, BitSet matches) {
        if (capacity == 0) {
            return;
        }
        Entry entry = new Entry(key, column, version, matches);
        if (entry.weight > MAX_WEIGHT_BYTES / 4) {
            return; // one result may not push out most of the others
        }
        synchronized (entries) {
            Entry old = entries.put(key, entry);
            weight += entry.weight - (old == null ? 0 : old.weight);
            for (var it = entries.values().iterator(); weight > MAX_WEIGHT_BYTES && it.hasNext();) {
                weight -= it.next().weight;
                it.remove();
            }
        }
    }
}
