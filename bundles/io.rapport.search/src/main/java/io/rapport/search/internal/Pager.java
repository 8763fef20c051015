package io.rapport.search.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.api.Cursor;
import io.rapport.platform.errors.DomainException;

/**
 * One page of matches in order, by a top-K selection over the matching ordinals (never a full sort):
 * newest first by creation time then id (as every list), or by a field, subjects without a value last,
 * ties newest first. The cursor is the last row's sort key: (created_at, id) as a list's {@link Cursor},
 * or (field, order, value, created_at, id) for a sort by a field.
 */
final class Pager {
    private static final String SORTED = "s1";
    private static final BitSet NONE = new BitSet();

    private final ModelIndex index;
    private final String field; // null: newest first
    private final boolean descending;
    private final Column column;
    private final long[] created;
    private final String[] ids;

    Pager(ModelIndex index, String field, boolean descending) {
        this.index = index;
        this.field = field;
        this.descending = descending;
        this.column = field == null ? null : index.columnOf(field);
        if (column != null) {
            column.prepareSort();
        }
        this.created = index.createdAt.values;
        this.ids = index.ids;
    }

    /** A position in the order: the sort value (null: none), creation time and id of the last row shown. */
    static final class Key {
        final Object value;
        final long createdAt;
        final String id;

        Key(Object value, long createdAt, String id) {
            this.value = value;
            this.createdAt = createdAt;
            this.id = id;
        }
    }

    static final class Result {
        final List<String> ids;
        final String nextCursor;

        Result(List<String> ids, String nextCursor) {
            this.ids = ids;
            this.nextCursor = nextCursor;
        }
    }

    private BitSet present() {
        return column == null ? NONE : column.present;
    }

    /** Negative when ordinal a comes before b. */
    int compare(int a, int b) {
        if (field != null && byCreation()) {
            return index.compareCreation(a, b);
        }
        if (field != null) {
            boolean ha = present().get(a);
            boolean hb = present().get(b);
            if (ha != hb) {
                return ha ? -1 : 1;
            }
            if (ha) {
                int c = column.compare(a, b);
                if (c != 0) {
                    return descending ? -c : c;
                }
            }
        }
        int c = Long.compare(created[b], created[a]);
        return c != 0 ? c : ids[b].compareTo(ids[a]);
    }

    /** Negative when ordinal a comes before the position k. */
    int compare(int a, Key k) {
        if (field != null && byCreation()) {
            int c = Long.compare(created[a], k.createdAt);
            return c != 0 ? c : ids[a].compareTo(k.id);
        }
        if (field != null) {
            boolean ha = present().get(a);
            boolean hk = k.value != null;
            if (ha != hk) {
                return ha ? -1 : 1;
            }
            if (ha) {
                int c = column.compareTo(a, k.value);
                if (c != 0) {
                    return descending ? -c : c;
                }
            }
        }
        int c = Long.compare(k.createdAt, created[a]);
        return c != 0 ? c : k.id.compareTo(ids[a]);
    }

    /** Newest first, or created_at ascending: the creation order, walked from the cursor on. */
    private boolean byCreation() {
        return field == null || ModelIndex.CREATED_AT.equals(field);
    }

    /** {@code total}: the number of matches, which picks the cheaper way. */
    Result page(BitSet matches, long total, Key after, int limit) {
        // walking the creation order costs about limit * count / total probes, a selection about total comparisons
        if (byCreation() && (double) total * total > (double) (limit + 1) * index.count()) {
            return pageByCreation(matches, after, limit, field == null);
        }
        return pageBySelection(matches, after, limit);
    }

    Result page(BitSet matches, Key after, int limit) {
        return page(matches, matches.cardinality(), after, limit);
    }

    /** Any order: a top-K selection over the matches (the few matches of a selective query, or a sort by a field). */
    private Result pageBySelection(BitSet matches, Key after, int limit) {
        // a max-heap of the best limit + 1 so far, the worst on top
        int k = limit + 1;
        int[] heap = new int[k];
        int n = 0;
        for (int o = matches.nextSetBit(0); o >= 0; o = matches.nextSetBit(o + 1)) {
            if (after != null && compare(o, after) <= 0) {
                continue;
            }
            if (n < k) {
                heap[n] = o;
                up(heap, n++);
            } else if (compare(o, heap[0]) < 0) {
                heap[0] = o;
                down(heap, n);
            }
        }
        Integer[] sorted = new Integer[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = heap[i];
        }
        java.util.Arrays.sort(sorted, this::compare);
        List<String> result = new ArrayList<>(Math.min(n, limit));
        for (int i = 0; i < Math.min(n, limit); i++) {
            result.add(ids[sorted[i]]);
        }
        String next = n > limit ? cursor(sorted[limit - 1]) : null;
        return new Result(result, next);
    }

    private Result pageByCreation(BitSet matches, Key after, int limit, boolean newestFirst) {
        ModelIndex.CreationOrder co = index.creationOrder();
        int[] a = co.ordinals;
        int n = co.size;
        int i;
        if (newestFirst) {
            i = after == null ? n - 1 : bound(a, n, after, false) - 1;
        } else {
            i = after == null ? 0 : bound(a, n, after, true);
        }
        int step = newestFirst ? -1 : 1;
        int[] found = new int[limit + 1];
        int count = 0;
        for (; i >= 0 && i < n && count <= limit; i += step) {
            int o = a[i];
            if (o >= 0 && matches.get(o)) {
                found[count++] = o;
            }
        }
        List<String> result = new ArrayList<>(Math.min(count, limit));
        for (int j = 0; j < Math.min(count, limit); j++) {
            result.add(ids[found[j]]);
        }
        return new Result(result, count > limit ? cursor(found[limit - 1]) : null);
    }

    /**
     * The first position in the creation order (oldest first) whose subject comes after the key
     * ({@code orEqual}: at or after); positions of subjects that left are skipped.
     */
    private int bound(int[] a, int n, Key k, boolean orEqual) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int m = mid;
            while (m < hi && a[m] < 0) {
                m++;
            }
            if (m == hi) {
                hi = mid;
                continue;
            }
            int o = a[m];
            int c = Long.compare(created[o], k.createdAt);
            if (c == 0) {
                c = ids[o].compareTo(k.id);
            }
            if (c < 0 || (orEqual && c == 0)) {
                lo = m + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void up(int[] heap, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (compare(heap[i], heap[parent]) <= 0) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[parent];
            heap[parent] = t;
            i = parent;
        }
    }

    private void down(int[] heap, int n) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int worst = i;
            if (l < n && compare(heap[l], heap[worst]) > 0) {
                worst = l;
            }
            if (r < n && compare(heap[r], heap[worst]) > 0) {
                worst = r;
            }
            if (worst == i) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[worst];
            heap[worst] = t;
            i = worst;
        }
    }

    private String cursor(int ord) {
        if (field == null) {
            return new Cursor(created[ord], ids[ord]).encode();
        }
        Object v = column == null ? null : column.sortValue(ord);
        String value = v == null ? "-" : v instanceof String ? "t" + v : v instanceof BigDecimal ? "n" + ((BigDecimal) v).toPlainString()
                : v instanceof Long ? "i" + v : "b" + v;
        String text = String.join("\n", SORTED, field, descending ? "desc" : "asc", value, Long.toString(created[ord]), ids[ord]);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a client's cursor for this order; a damaged one or one of another order is a 400 on {@code cursor}. */
    Key decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        if (field == null) {
            Cursor c;
            try {
                c = Cursor.decode(cursor);
            } catch (DomainException e) {
                throw otherOrder(cursor);
            }
            return new Key(null, c.time, c.id);
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            throw bad();
        }
        if (parts.length != 6 || !SORTED.equals(parts[0])) {
            throw bad();
        }
        if (!parts[1].equals(field) || !parts[2].equals(descending ? "desc" : "asc")) {
            throw new InvalidException("cursor", "was given out for another sort (" + parts[1] + " " + parts[2]
                    + "); keep the sort of the first page while paging");
        }
        try {
            String v = parts[3];
            Object value;
            switch (v.charAt(0)) {
            case '-':
                value = null;
                break;
            case 't':
                value = v.substring(1);
                break;
            case 'n':
                value = new BigDecimal(v.substring(1));
                break;
            case 'i':
                value = Long.parseLong(v.substring(1));
                break;
            case 'b':
                value = Boolean.parseBoolean(v.substring(1));
                break;
            default:
                throw bad();
            }
            if (value != null && column != null && !fits(value)) {
                throw bad();
            }
            return new Key(value, Long.parseLong(parts[4]), parts[5]);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw bad();
        }
    }

    private DomainException otherOrder(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(SORTED + "\n")) {
                return new InvalidException("cursor", "was given out for a sort by a field; keep the sort of the first page while paging");
            }
        } catch (IllegalArgumentException e) {
            // not even base64
        }
        return bad();
    }

    private boolean fits(Object value) {
        switch (column.type) {
        case TEXT:
        case TEXT_LIST:
            return value instanceof String;
        case NUMBER:
            return value instanceof BigDecimal;
        case INSTANT:
            return value instanceof Long;
        default:
            return value instanceof Boolean;
        }
    }

    private static DomainException bad() {
        return new InvalidException("cursor", "is not a cursor this API gave out; pass next_cursor from the previous page unchanged");
    }
}
