package io.rapport.search.internal;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import io.rapport.platform.search.FieldType;

/**
 * The index of one model: subjects as int ordinals (id to ordinal and back), their creation times,
 * which ordinals are live subjects, and a column per field. Values may arrive before the owning bundle
 * announces the subject: they get an ordinal that is not live until it does. Not thread-safe: the
 * {@link SearchIndex} lock guards it.
 */
final class ModelIndex {
    static final String CREATED_AT = "created_at";

    final String model;
    String[] ids = new String[1024];
    private final OrdinalMap ordinals = new OrdinalMap(o -> ids[o]);
    /** Creation times; also the field {@code created_at}. */
    final InstantColumn createdAt = new InstantColumn(CREATED_AT);
    /** Ordinals of announced, not deleted subjects. */
    final BitSet alive = new BitSet();
    private int aliveCount;
    /** Ordinals below it have been handed out (some may be free again). */
    int size;
    private int[] free = new int[64];
    private int freeCount;
    final Map<String, Column> columns = new HashMap<>();
    /**
     * Live ordinals oldest first (by creation time, then id), for the default order: appended as subjects
     * come (new subjects are the newest), -1 where one left; sorted again by the next reader when a load
     * announced subjects out of order or many left.
     */
    private int[] order = new int[1024];
    private int orderSize;
    private int[] orderPosition = new int[1024];
    private boolean orderSorted = true;
    private int orderHoles;
    private volatile CreationOrder snapshot;
    private final Object orderLock = new Object();

    /** A consistent view of the creation order for readers. */
    static final class CreationOrder {
        final int[] ordinals; // -1 for a subject that left
        final int size;

        CreationOrder(int[] ordinals, int size) {
            this.ordinals = ordinals;
            this.size = size;
        }
    }

    private final int dictionaryLimit;
    final ConditionCache cache;

    ModelIndex(String model) {
        this(model, TextColumn.DICTIONARY_LIMIT, 0);
    }

    /** {@code dictionaryLimit}: see {@link TextColumn}; tests make it small. {@code cached}: entries of the {@link ConditionCache}. */
    ModelIndex(String model, int dictionaryLimit, int cached) {
        this.model = model;
        this.dictionaryLimit = dictionaryLimit;
        this.cache = new ConditionCache(cached);
    }

    int count() {
        return aliveCount;
    }

    /** The ordinal of a live subject, or -1. */
    int live(String id) {
        int o = ordinals.get(id);
        return o >= 0 && alive.get(o) ? o : -1;
    }

    private int ordinalOrAdd(String id) {
        int o = ordinals.get(id);
        if (o >= 0) {
            return o;
        }
        if (freeCount > 0) {
            o = free[--freeCount];
        } else {
            o = size++;
            if (o == ids.length) {
                ids = Arrays.copyOf(ids, o * 3 / 2);
            }
        }
        ids[o] = id;
        ordinals.put(id, o);
        return o;
    }

    /** The subject exists, created then; returns whether it is new. */
    boolean subject(String id, long createdAtMicros) {
        int o = ordinalOrAdd(id);
        boolean moved = createdAt.present.get(o) && createdAt.values[o] != createdAtMicros;
        createdAt.set(o, createdAtMicros);
        if (!alive.get(o)) {
            alive.set(o);
            aliveCount++;
            appendToOrder(o);
            return true;
        }
        if (moved) {
            orderSorted = false;
            snapshot = null;
        }
        return false;
    }

    private void appendToOrder(int o) {
        if (orderSize == order.length) {
            order = Arrays.copyOf(order, orderSize * 3 / 2);
        }
        if (orderSize > 0) {
            int last = order[orderSize - 1];
            if (last >= 0 && compareCreation(last, o) > 0) {
                orderSorted = false;
            }
        }
        if (orderPosition.length <= o) {
            orderPosition = Arrays.copyOf(orderPosition, Math.max(o + 1, orderPosition.length * 3 / 2));
        }
        orderPosition[o] = orderSize;
        order[orderSize++] = o;
        snapshot = null;
    }

    /** Oldest first: by creation time, then id. */
    int compareCreation(int a, int b) {
        int c = Long.compare(createdAt.values[a], createdAt.values[b]);
        return c != 0 ? c : ids[a].compareTo(ids[b]);
    }

    /** The creation order; call under the read (or write) lock. */
    CreationOrder creationOrder() {
        CreationOrder s = snapshot;
        if (s != null) {
            return s;
        }
        synchronized (orderLock) { // readers may share the lock: one of them sorts
            if (snapshot == null) {
                if (!orderSorted || orderHoles > orderSize / 4) {
                    int[] sorted = new int[Math.max(16, aliveCount + aliveCount / 4)];
                    int n = 0;
                    for (int o = alive.nextSetBit(0); o >= 0; o = alive.nextSetBit(o + 1)) {
                        sorted[n++] = o;
                    }
                    IntSort.sort(sorted, n, this::compareCreation);
                    int[] positions = new int[Math.max(orderPosition.length, size)];
                    for (int i = 0; i < n; i++) {
                        positions[sorted[i]] = i;
                    }
                    // writers are excluded while any reader runs: swapping the arrays in is safe
                    order = sorted;
                    orderSize = n;
                    orderPosition = positions;
                    orderSorted = true;
                    orderHoles = 0;
                }
                snapshot = new CreationOrder(order, orderSize);
            }
            return snapshot;
        }
    }

    /** The subject is gone with every value it had; returns whether it was there. */
    boolean removeSubject(String id) {
        int o = ordinals.get(id);
        if (o < 0) {
            return false;
        }
        boolean was = alive.get(o);
        if (was) {
            alive.clear(o);
            aliveCount--;
            order[orderPosition[o]] = -1;
            orderHoles++;
            snapshot = null;
        }
        for (Column c : columns.values()) {
            c.clear(o);
        }
        createdAt.clear(o);
        release(o);
        return was;
    }

    private void release(int o) {
        ordinals.remove(ids[o]);
        ids[o] = null;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = o;
    }

    /** Sets a normalised value (see {@link Values}) of a field of type {@code type}; null clears it. */
    void set(String id, String field, FieldType type, Object value) {
        set(id, field, type, value, null);
    }

    /** As {@link #set(String, String, FieldType, Object)}, with the text as written to show (null: the value itself). */
    void set(String id, String field, FieldType type, Object value, Object shown) {
        if (value == null) {
            int o = ordinals.get(id);
            Column c = columns.get(field);
            if (o >= 0 && c != null && c.present.get(o)) {
                c.set(o, null);
                if (!alive.get(o) && !hasValues(o)) {
                    release(o); // a value written ahead of its subject, taken back
                }
            }
            return;
        }
        column(field, type).set(ordinalOrAdd(id), value, shown);
    }

    private boolean hasValues(int o) {
        for (Column c : columns.values()) {
            if (c.present.get(o)) {
                return true;
            }
        }
        return false;
    }

    Column column(String field, FieldType type) {
        Column c = columns.get(field);
        if (c == null || c.type != type) {
            c = newColumn(field, type);
            columns.put(field, c);
        }
        return c;
    }

    private Column newColumn(String field, FieldType type) {
        switch (type) {
        case TEXT:
        case TEXT_LIST:
            return new TextColumn(field, type, dictionaryLimit);
        case NUMBER:
            return new NumberColumn(field);
        case INSTANT:
            return new InstantColumn(field);
        case BOOLEAN:
            return new BooleanColumn(field);
        default:
            throw new IllegalArgumentException(String.valueOf(type));
        }
    }

    /** The column of a field: {@code created_at} is the creation times; null when nothing was written. */
    Column columnOf(String field) {
        return CREATED_AT.equals(field) ? createdAt : columns.get(field);
    }

    void dropColumns(Collection<String> fields) {
        columns.keySet().removeAll(fields);
    }

    /** Live subjects not in {@code seen} (a reload by the owning bundle did not announce them) leave. */
    int removeUnseen(BitSet seen) {
        BitSet gone = (BitSet) alive.clone();
        gone.andNot(seen);
        int n = 0;
        for (int o = gone.nextSetBit(0); o >= 0; o = gone.nextSetBit(o + 1)) {
            removeSubject(ids[o]);
            n++;
        }
        return n;
    }

    /** A rough count of the bytes held. */
    long bytes() {
        long b = ids.length * 4L + size * 8L + createdAt.bytes() + alive.size() / 8;
        for (int o = 0; o < size; o++) {
            if (ids[o] != null) {
                b += 40 + ids[o].length();
            }
        }
        for (Column c : columns.values()) {
            b += c.bytes();
        }
        return b;
    }

    Map<String, Column> columnsView() {
        return new HashMap<>(columns);
    }
}
