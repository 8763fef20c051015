package io.rapport.search.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.rapport.platform.search.FieldType;

/** Turns what providers write into the index's forms (see {@link io.rapport.platform.search.IndexSink}). */
final class Values {
    private Values() {
    }

    /**
     * TEXT and TEXT_LIST: a lower-cased String or String[]; NUMBER: BigDecimal or BigDecimal[]; INSTANT:
     * Long or long[]; BOOLEAN: Boolean or boolean[]. Null for no value (null, blank text, an empty
     * collection).
     *
     * @throws IllegalArgumentException for a value of the wrong kind
     */
    static Object normalise(FieldType type, Object raw) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof Collection || raw instanceof Object[]) {
            Collection<?> all = raw instanceof Collection ? (Collection<?>) raw : List.of((Object[]) raw);
            List<Object> one = new ArrayList<>(all.size());
            Set<Object> seen = new LinkedHashSet<>();
            for (Object item : all) {
                Object v = single(type, item);
                if (v != null && seen.add(v instanceof BigDecimal ? ((BigDecimal) v).stripTrailingZeros() : v)) {
                    one.add(v);
                }
            }
            if (one.isEmpty()) {
                return null;
            }
            if (one.size() == 1) {
                return one.get(0);
            }
            switch (type) {
            case TEXT:
            case TEXT_LIST:
                return one.toArray(new String[0]);
            case NUMBER:
                return one.toArray(new BigDecimal[0]);
            case INSTANT: {
                long[] l = new long[one.size()];
                for (int i = 0; i < l.length; i++) {
                    l[i] = (Long) one.get(i);
                }
                return l;
            }
            default: {
                boolean[] b = new boolean[one.size()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (Boolean) one.get(i);
                }
                return b;
            }
            }
        }
        return single(type, raw);
    }

    /**
     * The forms as written of a text value's normal form {@code normal} (the first written of each), to
     * show: a String or a String[] aligned with {@code normal}; null when they are the normal form
     * itself, or for other types.
     */
    static Object shown(FieldType type, Object raw, Object normal) {
        if (normal == null || (type != FieldType.TEXT && type != FieldType.TEXT_LIST)) {
            return null;
        }
        if (!(raw instanceof Collection) && !(raw instanceof Object[])) { // the common case: one text, cheaply
            String s = raw.toString();
            return s.equals(normal) ? null : s;
        }
        Collection<?> all = raw instanceof Collection ? (Collection<?>) raw : List.of((Object[]) raw);
        java.util.Map<String, String> written = null;
        for (Object item : all) {
            String s = item == null ? null : item.toString();
            String l = s == null ? null : lower(s);
            if (s != null && !s.equals(l)) { // toLowerCase answers the same string when nothing changes
                if (written == null) {
                    written = new java.util.HashMap<>();
                }
                written.putIfAbsent(l, s);
            }
        }
        if (written == null) {
            return null;
        }
        boolean differs = false;
        if (normal instanceof String) {
            String s = written.getOrDefault(normal, (String) normal);
            return s.equals(normal) ? null : s;
        }
        String[] n = (String[]) normal;
        String[] s = new String[n.length];
        for (int i = 0; i < n.length; i++) {
            s[i] = written.getOrDefault(n[i], n[i]);
            differs |= !s[i].equals(n[i]);
        }
        return differs ? s : null;
    }

    private static Object single(FieldType type, Object raw) {
        if (raw == null) {
            return null;
        }
        switch (type) {
        case TEXT:
        case TEXT_LIST: {
            String s = raw.toString();
            return s.isBlank() ? null : lower(s);
        }
        case NUMBER:
            return number(raw);
        case INSTANT:
            if (raw instanceof Instant) {
                Instant i = (Instant) raw;
                return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
            }
            if (raw instanceof Long || raw instanceof Integer) {
                return ((Number) raw).longValue();
            }
            throw new IllegalArgumentException("an INSTANT value must be a Long of epoch microseconds, was " + raw.getClass().getName());
        case BOOLEAN:
            if (raw instanceof Boolean) {
                return raw;
            }
            throw new IllegalArgumentException("a BOOLEAN value must be a Boolean, was " + raw.getClass().getName());
        default:
            throw new IllegalArgumentException(String.valueOf(type));
        }
    }

    static BigDecimal number(Object raw) {
        if (raw instanceof BigDecimal) {
            return (BigDecimal) raw;
        }
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return BigDecimal.valueOf(((Number) raw).longValue());
        }
        if (raw instanceof BigInteger) {
            return new BigDecimal((BigInteger) raw);
        }
        if (raw instanceof Double || raw instanceof Float) {
            double d = ((Number) raw).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("a NUMBER value must be finite");
            }
            return BigDecimal.valueOf(d);
        }
        if (raw instanceof Number) {
            return new BigDecimal(raw.toString());
        }
        throw new IllegalArgumentException("a NUMBER value must be a Number, was " + raw.getClass().getName());
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
