package io.rapport.search.internal;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The matches of recent scanning conditions (text scans, number and time ranges), each valid while its
 * column is unchanged: paging through a query, or asking the same one again, skips the scan. Any write
 * to the column makes its entries stale, so results are never older than the column. Least recently
 * used entries go first. Shared by concurrent readers; entries are never modified.
 */
final class ConditionCache {
    private static final class Entry {
        final Column column;
        final long version;
        final BitSet matches;

        Entry(Column column, long version, BitSet matches) {
            this.column = column;
            this.version = version;
            this.matches = matches;
        }
    }

    private final int capacity;
    private final LinkedHashMap<String, Entry> entries;

    ConditionCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > ConditionCache.this.capacity;
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
                entries.remove(key);
                return null;
            }
            return e.matches;
        }
    }

    void put(String key, Column column, long version, BitSet matches) {
        if (capacity == 0) {
            return;
        }
        synchronized (entries) {
            entries.put(key, new Entry(column, version, matches));
        }
    }
}
