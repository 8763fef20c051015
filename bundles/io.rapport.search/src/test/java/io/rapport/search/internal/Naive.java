package io.rapport.search.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.rapport.platform.search.FieldType;

/**
 * The query language evaluated the obvious way over plain records, as the documentation states it:
 * text compares case-insensitively, a field with several values matches when one of them does, the
 * negative operators match exactly what their positive form does not (subjects without a value too),
 * comparisons never match a subject without a value, a date stands for its whole UTC day.
 */
final class Naive {
    /** A subject: id, creation time, and raw values (String, List, BigDecimal, Long micros, Boolean). */
    static final class Record {
        final String id;
        final long createdAt;
        final Map<String, Object> values;

        Record(String id, long createdAt, Map<String, Object> values) {
            this.id = id;
            this.createdAt = createdAt;
            this.values = values;
        }

        List<Object> all(String field) {
            if ("created_at".equals(field)) {
                return List.of(createdAt);
            }
            Object v = values.get(field);
            List<Object> out = new ArrayList<>();
            if (v instanceof Collection) {
                for (Object x : (Collection<?>) v) {
                    if (x != null && !(x instanceof String && ((String) x).isBlank())) {
                        out.add(x);
                    }
                }
            } else if (v != null && !(v instanceof String && ((String) v).isBlank())) {
                out.add(v);
            }
            return out;
        }
    }

    private final Map<String, FieldType> types;

    Naive(Map<String, FieldType> types) {
        this.types = types;
    }

    boolean matches(Object query, Record r) {
        if (query == null) {
            return true;
        }
        Map<?, ?> q = (Map<?, ?>) query;
        if (q.containsKey("and")) {
            for (Object c : (List<?>) q.get("and")) {
                if (!matches(c, r)) {
                    return false;
                }
            }
            return true;
        }
        if (q.containsKey("or")) {
            for (Object c : (List<?>) q.get("or")) {
                if (matches(c, r)) {
                    return true;
                }
            }
            return false;
        }
        String field = (String) q.get("field");
        String op = (String) q.get("operator");
        Object value = q.get("value");
        List<Object> vs = r.all(field);
        FieldType type = "created_at".equals(field) ? FieldType.INSTANT : types.get(field);
        switch (op) {
        case "is_present":
            return !vs.isEmpty();
        case "is_absent":
            return vs.isEmpty();
        case "!=":
            return !any(vs, type, "=", value);
        case "not_in":
            return !any(vs, type, "in", value);
        case "not_contains":
            return !any(vs, type, "contains", value);
        default:
            return any(vs, type, op, value);
        }
    }

    private static boolean any(List<Object> vs, FieldType type, String op, Object value) {
        for (Object v : vs) {
            if (one(v, type, op, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean one(Object v, FieldType type, String op, Object value) {
        switch (type) {
        case TEXT:
        case TEXT_LIST: {
            String s = ((String) v).toLowerCase(Locale.ROOT);
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
        case NUMBER: {
            BigDecimal x = Values.number(v);
            switch (op) {
            case "=":
                return x.compareTo(Values.number(value)) == 0;
            case "in":
                return ((List<?>) value).stream().anyMatch(y -> x.compareTo(Values.number(y)) == 0);
            case ">":
                return x.compareTo(Values.number(value)) > 0;
            case ">=":
                return x.compareTo(Values.number(value)) >= 0;
            case "<":
                return x.compareTo(Values.number(value)) < 0;
            case "<=":
                return x.compareTo(Values.number(value)) <= 0;
            case "between":
                return x.compareTo(Values.number(((List<?>) value).get(0))) >= 0 && x.compareTo(Values.number(((List<?>) value).get(1))) <= 0;
            default:
                throw new IllegalArgumentException(op);
            }
        }
        case INSTANT: {
            long x = (Long) v;
            if ("between".equals(op)) {
                return x >= QueryParser.time(((List<?>) value).get(0))[0] && x <= QueryParser.time(((List<?>) value).get(1))[1];
            }
            long[] t = QueryParser.time(value);
            switch (op) {
            case "=":
                return x >= t[0] && x <= t[1];
            case ">":
                return x > t[1];
            case ">=":
                return x >= t[0];
            case "<":
                return x < t[0];
            case "<=":
                return x <= t[1];
            default:
                throw new IllegalArgumentException(op);
            }
        }
        default:
            return v.equals(value);
        }
    }

    private static String lower(Object s) {
        return ((String) s).toLowerCase(Locale.ROOT);
    }

    /** The order of a sort by {@code field} (null: newest first): without a value last, ties newest first. */
    Comparator<Record> order(String field, boolean descending) {
        Comparator<Record> newest = Comparator.comparingLong((Record r) -> r.createdAt).reversed().thenComparing((Record r) -> r.id,
                Comparator.reverseOrder());
        if (field == null) {
            return newest;
        }
        if ("created_at".equals(field)) {
            return descending ? newest : newest.reversed();
        }
        FieldType type = "created_at".equals(field) ? FieldType.INSTANT : types.get(field);
        Comparator<Record> byValue = (a, b) -> {
            Object va = sortValue(a, field, type);
            Object vb = sortValue(b, field, type);
            if ((va == null) != (vb == null)) {
                return va == null ? 1 : -1;
            }
            if (va == null) {
                return 0;
            }
            @SuppressWarnings({ "unchecked", "rawtypes" })
            int c = ((Comparable) va).compareTo(vb);
            return descending ? -c : c;
        };
        return byValue.thenComparing(newest);
    }

    private static Object sortValue(Record r, String field, FieldType type) {
        List<Object> vs = r.all(field);
        if (vs.isEmpty()) {
            return null;
        }
        switch (type) {
        case TEXT:
        case TEXT_LIST:
            return ((String) vs.get(0)).toLowerCase(Locale.ROOT);
        case NUMBER:
            return Values.number(vs.get(0));
        case BOOLEAN:
            return !vs.contains(Boolean.FALSE);
        default:
            return vs.get(0);
        }
    }
}
