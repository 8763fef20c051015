package io.rapport.itests.search;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The query language evaluated the obvious way over plain records, as docs/api.md states it: text
 * compares case-insensitively; a field with several values matches when one of them does; the negative
 * operators (!=, not_in, not_contains) match exactly what their positive form does not, subjects without
 * a value included; comparisons never match a subject without a value; a date stands for its whole UTC
 * day. Sorts put subjects without a value last and break ties newest first.
 */
public final class NaiveSearch {
    /** A subject: its id, creation time, and values by field (String, List of String, Number, Instant). */
    public static final class Record {
        public final String id;
        public final Instant createdAt;
        public final Map<String, Object> values;

        public Record(String id, Instant createdAt, Map<String, Object> values) {
            this.id = id;
            this.createdAt = createdAt;
            this.values = values;
        }

        List<Object> all(String field) {
            Object v = "created_at".equals(field) ? createdAt : values.get(field);
            List<Object> out = new ArrayList<>();
            if (v instanceof Collection) {
                for (Object x : (Collection<?>) v) {
                    if (x != null && !"".equals(x)) {
                        out.add(x);
                    }
                }
            } else if (v != null && !"".equals(v)) {
                out.add(v);
            }
            return out;
        }
    }

    private NaiveSearch() {
    }

    public static boolean matches(Object query, Record r) {
        if (query == null) {
            return true;
        }
        Map<?, ?> q = (Map<?, ?>) query;
        if (q.containsKey("and")) {
            return ((List<?>) q.get("and")).stream().allMatch(c -> matches(c, r));
        }
        if (q.containsKey("or")) {
            return ((List<?>) q.get("or")).stream().anyMatch(c -> matches(c, r));
        }
        List<Object> vs = r.all((String) q.get("field"));
        Object value = q.get("value");
        switch ((String) q.get("operator")) {
        case "is_present":
            return !vs.isEmpty();
        case "is_absent":
            return vs.isEmpty();
        case "!=":
            return vs.stream().noneMatch(v -> one(v, "=", value));
        case "not_in":
            return vs.stream().noneMatch(v -> one(v, "in", value));
        case "not_contains":
            return vs.stream().noneMatch(v -> one(v, "contains", value));
        default:
            String op = (String) q.get("operator");
            return vs.stream().anyMatch(v -> one(v, op, value));
        }
    }

    private static boolean one(Object v, String op, Object value) {
        if (v instanceof String) {
            String s = lower(v);
            switch (op) {
            case "=":
                return s.equals(lower(value));
            case "in":
                return ((List<?>) value).stream().anyMatch(x -> s.equals(lower(x)));
            case "contains":
                return s.contains(lower(value));
            case "starts_with":
                return s.startsWith(lower(value));
            case "ends_with":
                return s.endsWith(lower(value));
            default:
                throw new IllegalArgumentException(op);
            }
        }
        if (v instanceof Number) {
            BigDecimal x = new BigDecimal(v.toString());
            if ("in".equals(op)) {
                return ((List<?>) value).stream().anyMatch(y -> x.compareTo(new BigDecimal(y.toString())) == 0);
            }
            if ("between".equals(op)) {
                List<?> l = (List<?>) value;
                return x.compareTo(new BigDecimal(l.get(0).toString())) >= 0 && x.compareTo(new BigDecimal(l.get(1).toString())) <= 0;
            }
            int c = x.compareTo(new BigDecimal(value.toString()));
            return compare(c, op);
        }
        Instant t = (Instant) v;
        if ("between".equals(op)) {
            List<?> l = (List<?>) value;
            return !t.isBefore(range(l.get(0))[0]) && !t.isAfter(range(l.get(1))[1]);
        }
        Instant[] r = range(value);
        switch (op) {
        case "=":
            return !t.isBefore(r[0]) && !t.isAfter(r[1]);
        case ">":
            return t.isAfter(r[1]);
        case ">=":
            return !t.isBefore(r[0]);
        case "<":
            return t.isBefore(r[0]);
        case "<=":
            return !t.isAfter(r[1]);
        default:
            throw new IllegalArgumentException(op);
        }
    }

    private static boolean compare(int c, String op) {
        switch (op) {
        case "=":
            return c == 0;
        case ">":
            return c > 0;
        case ">=":
            return c >= 0;
        case "<":
            return c < 0;
        case "<=":
            return c <= 0;
        default:
            throw new IllegalArgumentException(op);
        }
    }

    /** The first and last microsecond a time stands for: an instant itself, a date its whole UTC day. */
    private static Instant[] range(Object value) {
        String s = (String) value;
        if (s.length() == 10) {
            Instant start = LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            return new Instant[] { start, start.plusSeconds(86_400).minusNanos(1000) };
        }
        Instant i = Instant.parse(s);
        return new Instant[] { i, i };
    }

    private static String lower(Object s) {
        return ((String) s).toLowerCase(Locale.ROOT);
    }

    /** The order of a search: by {@code field} (null: newest first), subjects without a value last, ties newest first. */
    public static Comparator<Record> order(String field, boolean descending) {
        Comparator<Record> newest = Comparator.comparing((Record r) -> r.createdAt).reversed()
                .thenComparing((Record r) -> r.id, Comparator.reverseOrder());
        if (field == null) {
            return newest;
        }
        if ("created_at".equals(field)) {
            return descending ? newest : newest.reversed();
        }
        Comparator<Record> byValue = (a, b) -> {
            List<Object> va = a.all(field);
            List<Object> vb = b.all(field);
            if (va.isEmpty() != vb.isEmpty()) {
                return va.isEmpty() ? 1 : -1;
            }
            if (va.isEmpty()) {
                return 0;
            }
            int c = key(va.get(0)).compareTo(key(vb.get(0)));
            return descending ? -c : c;
        };
        return byValue.thenComparing(newest);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static Comparable key(Object v) {
        if (v instanceof String) {
            return lower(v);
        }
        if (v instanceof Number) {
            return new BigDecimal(v.toString());
        }
        return (Comparable) v;
    }
}
