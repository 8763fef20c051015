package io.rapport.search.internal;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.Page;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.search.FieldType;

/**
 * Reads the query language (JSON-shaped data) into a {@link QueryNode} tree against the fields of a
 * model, collecting every problem with its JSON path in the body ({@code query.and[2].operator}) for
 * one 400. Values become matchers here, so evaluation never looks at text again.
 */
final class QueryParser {
    static final int MAX_DEPTH = 10;
    static final int MAX_CONDITIONS = 100;
    static final int MAX_LIST = 1000;
    static final Set<String> BODY_KEYS = Set.of("query", "sort", "limit", "cursor", "fields");
    /** Most fields a search may ask the values of. */
    static final int MAX_SHOWN = 50;
    private static final Set<String> CONDITION_KEYS = Set.of("field", "operator", "value");
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final Schema schema;
    private final List<FieldError> errors = new ArrayList<>();
    private final Set<String> fields = new LinkedHashSet<>();
    private int conditions;
    private boolean tooMany;

    QueryParser(Schema schema) {
        this.schema = schema;
    }

    /** A whole search body. */
    static final class Request {
        QueryNode query; // null: every subject
        Set<String> fields;
        String sortField; // null: created_at, newest first
        boolean descending = true;
        int limit = Page.DEFAULT_LIMIT;
        String cursor;
        /** The fields whose values the results carry (empty: none). */
        List<String> shown = List.of();
    }

    static Request body(Map<String, Object> body, Schema schema) {
        QueryParser p = new QueryParser(schema);
        Request r = new Request();
        Map<String, Object> b = body == null ? Map.of() : body;
        for (String key : b.keySet()) {
            if (!BODY_KEYS.contains(key)) {
                p.error(key, "unknown field; a search body has " + String.join(", ", new TreeSet<>(BODY_KEYS)));
            }
        }
        Object q = b.get("query");
        r.query = q == null ? null : p.node(q, "query", 1);
        r.fields = p.fields;
        p.sort(b.get("sort"), r);
        Object limit = b.get("limit");
        if (limit != null) {
            if (!(limit instanceof Integer || limit instanceof Long) || ((Number) limit).longValue() < 1
                    || ((Number) limit).longValue() > Page.MAX_LIMIT) {
                p.error("limit", "must be a whole number between 1 and " + Page.MAX_LIMIT + ", was " + show(limit));
            } else {
                r.limit = ((Number) limit).intValue();
            }
        }
        Object shown = b.get("fields");
        if (shown != null) {
            if (!(shown instanceof List) || ((List<?>) shown).size() > MAX_SHOWN) {
                p.error("fields", "must be a list of at most " + MAX_SHOWN + " searchable field names, whose values the results carry");
            } else {
                List<String> names = new ArrayList<>();
                List<?> list = (List<?>) shown;
                for (int i = 0; i < list.size(); i++) {
                    Object name = list.get(i);
                    if (!(name instanceof String)) {
                        p.error("fields[" + i + "]", "must be a field name, was " + JsonObjectReader.typeOf(name));
                    } else if (schema.type((String) name) == null) {
                        p.error("fields[" + i + "]", schema.unavailable((String) name));
                    } else if (!names.contains(name)) {
                        names.add((String) name);
                    }
                }
                r.shown = names;
            }
        }
        Object cursor = b.get("cursor");
        if (cursor != null && !(cursor instanceof String)) {
            p.error("cursor", "must be a string: the next_cursor of the previous page, was " + JsonObjectReader.typeOf(cursor));
        } else {
            r.cursor = (String) cursor;
        }
        p.throwIfInvalid();
        return r;
    }

    /** A query alone (as segments keep them), its paths under {@code root}. */
    static QueryNode query(Object query, Schema schema, String root, Set<String> fieldsOut) {
        QueryParser p = new QueryParser(schema);
        QueryNode n = query == null ? null : p.node(query, root, 1);
        p.throwIfInvalid();
        if (fieldsOut != null) {
            fieldsOut.addAll(p.fields);
        }
        return n;
    }

    private void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new InvalidException(errors);
        }
    }

    private void error(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    private void sort(Object sort, Request r) {
        if (sort == null) {
            return;
        }
        if (!(sort instanceof Map)) {
            error("sort", "must be an object such as {\"field\": \"created_at\", \"order\": \"desc\"}, was " + JsonObjectReader.typeOf(sort));
            return;
        }
        Map<?, ?> s = (Map<?, ?>) sort;
        for (Object key : s.keySet()) {
            if (!"field".equals(key) && !"order".equals(key)) {
                error("sort." + key, "unknown field; a sort has field and order");
            }
        }
        Object field = s.get("field");
        Object order = s.get("order");
        if (order != null && !"asc".equals(order) && !"desc".equals(order)) {
            error("sort.order", "must be 'asc' or 'desc', was " + show(order));
        }
        if (!(field instanceof String) || ((String) field).isBlank()) {
            error("sort.field", field == null ? "is required: the field to sort by" : "must be a field name, was " + show(field));
            return;
        }
        String name = (String) field;
        FieldType type = schema.type(name);
        if (type == null) {
            error("sort.field", schema.unavailable(name));
            return;
        }
        if (type == FieldType.TEXT_LIST) {
            error("sort.field", "'" + name + "' holds several values (TEXT_LIST) and does not sort; sort by a single-valued field");
            return;
        }
        r.descending = "desc".equals(order);
        // newest first is the default order; any other is a sort by the field
        r.sortField = ModelIndex.CREATED_AT.equals(name) && r.descending ? null : name;
    }

    private QueryNode node(Object q, String path, int depth) {
        if (!(q instanceof Map)) {
            error(path, "must be an object: a condition {\"field\", \"operator\", \"value\"} or a group {\"and\": [...]} or {\"or\": [...]}, was "
                    + JsonObjectReader.typeOf(q));
            return null;
        }
        Map<?, ?> m = (Map<?, ?>) q;
        boolean group = m.containsKey("and") || m.containsKey("or");
        if (group) {
            return group(m, path, depth);
        }
        return condition(m, path);
    }

    private QueryNode group(Map<?, ?> m, String path, int depth) {
        if (m.size() != 1) {
            for (Object key : m.keySet()) {
                if (!"and".equals(key) && !"or".equals(key)) {
                    error(path + "." + key, "unexpected in a group: a group is {\"and\": [...]} or {\"or\": [...]} alone");
                }
            }
            if (m.containsKey("and") && m.containsKey("or")) {
                error(path, "a group has either 'and' or 'or', not both: nest one in the other");
            }
            return null;
        }
        boolean and = m.containsKey("and");
        String key = and ? "and" : "or";
        String here = path + "." + key;
        if (depth > MAX_DEPTH) {
            error(here, "groups nest at most " + MAX_DEPTH + " deep");
            return null;
        }
        Object items = m.get(key);
        if (!(items instanceof List) || ((List<?>) items).isEmpty()) {
            error(here, "must be a non-empty list of conditions and groups, was "
                    + (items instanceof List ? "an empty list" : JsonObjectReader.typeOf(items)));
            return null;
        }
        List<?> list = (List<?>) items;
        List<QueryNode> children = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            children.add(node(list.get(i), here + "[" + i + "]", depth + 1));
        }
        return children.contains(null) ? null : new QueryNode.Group(path, and, children);
    }

    private QueryNode condition(Map<?, ?> m, String path) {
        if (++conditions > MAX_CONDITIONS) {
            if (!tooMany) {
                tooMany = true;
                error("query", "has more than " + MAX_CONDITIONS + " conditions");
            }
            return null;
        }
        int before = errors.size();
        for (Object key : m.keySet()) {
            if (!CONDITION_KEYS.contains(key)) {
                error(path + "." + key, "unknown key; a condition has field, operator and value (a group has and or or)");
            }
        }
        Object f = m.get("field");
        Object o = m.get("operator");
        String field = null;
        FieldType type = null;
        if (!(f instanceof String) || ((String) f).isBlank()) {
            error(path + ".field", f == null ? "is required: the field to compare" : "must be a field name, was " + show(f));
        } else {
            field = (String) f;
            type = schema.type(field);
            if (type == null) {
                error(path + ".field", schema.unavailable(field));
            } else {
                fields.add(field);
            }
        }
        Op op = null;
        if (!(o instanceof String)) {
            error(path + ".operator", (o == null ? "is required" : "must be a string, was " + JsonObjectReader.typeOf(o)) + "; operators are " + Op.all());
        } else {
            op = Op.of((String) o);
            if (op == null) {
                error(path + ".operator", "unknown operator " + show(o) + "; operators are " + Op.all());
            } else if (type != null && !Op.allowed(type).contains(op)) {
                error(path + ".operator", "'" + op.symbol + "' does not apply to '" + field + "' (" + type + "); its operators are "
                        + Op.list(Op.allowed(type)));
                op = null;
            }
        }
        if (op == null || type == null || errors.size() > before) {
            return null;
        }
        Column.Matcher matcher = matcher(type, op, m.containsKey("value"), m.get("value"), path + ".value");
        if (errors.size() > before) {
            return null;
        }
        return new QueryNode.Condition(path, field, type, op, matcher);
    }

    private Column.Matcher matcher(FieldType type, Op op, boolean hasValue, Object value, String path) {
        if (op == Op.IS_PRESENT || op == Op.IS_ABSENT) {
            if (value != null) {
                error(path, "'" + op.symbol + "' takes no value; leave value out");
            }
            return null;
        }
        if (!hasValue || value == null) {
            error(path, "is required for '" + op.symbol + "'" + expected(type, op));
            return null;
        }
        Op positive = op.positive();
        switch (type) {
        case TEXT:
        case TEXT_LIST:
            if (positive == Op.IN) {
                List<String> all = list(value, path, type, op, s -> text(s, null, type, op));
                return all == null ? null : new TextMatcher(Op.IN, null, new java.util.HashSet<>(all));
            }
            String t = text(value, path, type, op);
            return t == null ? null : new TextMatcher(positive, t, null);
        case NUMBER:
            return number(positive, value, path, type, op);
        case INSTANT:
            return instant(positive, value, path, type, op);
        case BOOLEAN:
            if (!(value instanceof Boolean)) {
                error(path, "must be true or false, was " + show(value));
                return null;
            }
            return new BooleanMatcher((Boolean) value);
        default:
            throw new IllegalStateException();
        }
    }

    private interface Item<T> {
        T read(Object value);
    }

    private <T> List<T> list(Object value, String path, FieldType type, Op op, Item<T> item) {
        if (!(value instanceof List) || ((List<?>) value).isEmpty()) {
            error(path, "must be a non-empty list for '" + op.symbol + "'" + expected(type, op) + ", was "
                    + (value instanceof List ? "an empty list" : JsonObjectReader.typeOf(value)));
            return null;
        }
        List<?> l = (List<?>) value;
        if (l.size() > MAX_LIST) {
            error(path, "may list at most " + MAX_LIST + " values, had " + l.size());
            return null;
        }
        List<T> result = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            T t = item.read(l.get(i));
            if (t == null) {
                error(path + "[" + i + "]", "must be " + kind(type) + ", was " + show(l.get(i)));
                return null;
            }
            result.add(t);
        }
        return result;
    }

    /** Lower-cased non-blank text; null (and an error when {@code path} is given) otherwise. */
    private String text(Object value, String path, FieldType type, Op op) {
        if (!(value instanceof String) || ((String) value).isEmpty()) {
            if (path != null) {
                error(path, "must be a non-empty string for '" + op.symbol + "', was " + show(value)
                        + ("".equals(value) ? "; to find subjects without a value use is_absent" : ""));
            }
            return null;
        }
        return Values.lower((String) value);
    }

    private NumberMatcher number(Op positive, Object value, String path, FieldType type, Op op) {
        switch (positive) {
        case IN: {
            List<BigDecimal> all = list(value, path, type, op, QueryParser::decimal);
            return all == null ? null : NumberMatcher.equal(all);
        }
        case BETWEEN: {
            List<BigDecimal> two = pair(value, path, type, op, QueryParser::decimal);
            if (two == null) {
                return null;
            }
            if (two.get(0).compareTo(two.get(1)) > 0) {
                error(path, "the first bound must not be greater than the second");
                return null;
            }
            return new NumberMatcher(List.of(new NumberMatcher.Range(new NumberMatcher.Bound(two.get(0), true),
                    new NumberMatcher.Bound(two.get(1), true))));
        }
        default:
            BigDecimal v = decimal(value);
            if (v == null) {
                error(path, "must be a number for '" + op.symbol + "', was " + show(value));
                return null;
            }
            NumberMatcher.Bound b;
            switch (positive) {
            case EQ:
                return NumberMatcher.equal(List.of(v));
            case GT:
            case GE:
                b = new NumberMatcher.Bound(v, positive == Op.GE);
                return new NumberMatcher(List.of(new NumberMatcher.Range(b, null)));
            default:
                b = new NumberMatcher.Bound(v, positive == Op.LE);
                return new NumberMatcher(List.of(new NumberMatcher.Range(null, b)));
            }
        }
    }

    private <T> List<T> pair(Object value, String path, FieldType type, Op op, Item<T> item) {
        if (!(value instanceof List) || ((List<?>) value).size() != 2) {
            error(path, "must be a list of two " + kind(type).replaceFirst("^an? ", "") + "s [from, to], both included, was " + show(value));
            return null;
        }
        return list(value, path, type, op, item);
    }

    private static BigDecimal decimal(Object value) {
        if (!(value instanceof Number)) {
            return null;
        }
        try {
            return Values.number(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private InstantMatcher instant(Op positive, Object value, String path, FieldType type, Op op) {
        if (positive == Op.BETWEEN) {
            List<long[]> two = pair(value, path, type, op, QueryParser::time);
            if (two == null) {
                return null;
            }
            if (two.get(0)[0] > two.get(1)[1]) {
                error(path, "the first bound must not be later than the second");
                return null;
            }
            return InstantMatcher.range(two.get(0)[0], two.get(1)[1]);
        }
        long[] t = time(value);
        if (t == null) {
            error(path, "must be an ISO instant such as 2026-05-01T12:00:00Z or a date such as 2026-05-01, was " + show(value));
            return null;
        }
        switch (positive) {
        case EQ:
            return InstantMatcher.range(t[0], t[1]);
        case GT:
            return InstantMatcher.range(t[1] + 1, Long.MAX_VALUE);
        case GE:
            return InstantMatcher.range(t[0], Long.MAX_VALUE);
        case LT:
            return InstantMatcher.range(Long.MIN_VALUE, t[0] - 1);
        default: // LE
            return InstantMatcher.range(Long.MIN_VALUE, t[1]);
        }
    }

    /** [first, last] epoch microsecond of a time: an instant is one microsecond, a date its whole UTC day. */
    static long[] time(Object value) {
        if (!(value instanceof String)) {
            return null;
        }
        String s = ((String) value).trim();
        try {
            if (s.length() == 10) {
                long start = LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
                return new long[] { start, start + MICROS_PER_DAY - 1 };
            }
            Instant i;
            try {
                i = Instant.parse(s);
            } catch (DateTimeException e) {
                i = OffsetDateTime.parse(s).toInstant();
            }
            long micros = Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
            return new long[] { micros, micros };
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static String kind(FieldType type) {
        switch (type) {
        case NUMBER:
            return "a number";
        case INSTANT:
            return "an ISO instant or a date";
        case BOOLEAN:
            return "true or false";
        default:
            return "a non-empty string";
        }
    }

    private static String expected(FieldType type, Op op) {
        Op p = op.positive();
        if (p == Op.IN) {
            return " (a list of " + kind(type).replaceFirst("^an? ", "") + "s)";
        }
        if (p == Op.BETWEEN) {
            return " (a list [from, to])";
        }
        return " (" + kind(type) + ")";
    }

    static String show(Object value) {
        if (value instanceof String) {
            return "'" + value + "'";
        }
        return value == null ? "null" : value instanceof Map || value instanceof List ? JsonObjectReader.typeOf(value) : String.valueOf(value);
    }
}
