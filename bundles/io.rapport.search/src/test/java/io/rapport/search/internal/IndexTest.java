package io.rapport.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.rapport.platform.errors.DomainException;
import io.rapport.platform.search.FieldType;

/** The index against {@link Naive} over the same random data: every operator, nested groups, sorts and paging. */
class IndexTest {
    static final Map<String, FieldType> TYPES = new LinkedHashMap<>();
    static {
        TYPES.put("name", FieldType.TEXT);
        TYPES.put("emails", FieldType.TEXT_LIST);
        TYPES.put("city", FieldType.TEXT);
        TYPES.put("tags", FieldType.TEXT_LIST);
        TYPES.put("size", FieldType.NUMBER);
        TYPES.put("scores", FieldType.NUMBER); // several values for some subjects
        TYPES.put("seen_at", FieldType.INSTANT);
        TYPES.put("vip", FieldType.BOOLEAN);
    }
    static final Schema SCHEMA = new Schema() {
        @Override
        public FieldType type(String field) {
            return "created_at".equals(field) ? FieldType.INSTANT : TYPES.get(field);
        }

        @Override
        public String unavailable(String field) {
            return "unknown field '" + field + "'";
        }
    };
    static final String[] FIRST = { "Ada", "Bob", "Cleo", "dan", "Eve", "FRANK", "Gus", "Hélène", "ian", "Joy" };
    static final String[] LAST = { "Smith", "Jones", "O'Brien", "van Dam", "Ng", "Lopez" };
    static final String[] CITIES = { "Paris", "paris", "Berlin", "Lyon", "New York", "Oslo" };
    static final String[] TAGS = { "vip", "churn-risk", "Beta", "trial", "enterprise" };
    static final String[] DOMAINS = { "acme.com", "example.org", "mail.net", "ACME.io" };
    static final long BASE = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z

    final Random random = new Random(42);
    final Map<String, Naive.Record> records = new LinkedHashMap<>();
    long clock = BASE;

    /** The same writes into the index and the records. */
    private void put(ModelIndex ix, String id, Map<String, Object> values) {
        Naive.Record old = records.get(id);
        long created = old != null ? old.createdAt : (clock += 1 + random.nextInt(2_000_000_000));
        records.put(id, new Naive.Record(id, created, values));
        ix.subject(id, created);
        for (Map.Entry<String, FieldType> f : TYPES.entrySet()) {
            ix.set(id, f.getKey(), f.getValue(), Values.normalise(f.getValue(), values.get(f.getKey())));
        }
    }

    private Map<String, Object> randomValues() {
        Map<String, Object> v = new HashMap<>();
        if (random.nextInt(10) > 0) {
            v.put("name", FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)]);
        }
        List<String> emails = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            emails.add("u" + random.nextInt(500) + "@" + DOMAINS[random.nextInt(DOMAINS.length)]);
        }
        v.put("emails", emails);
        if (random.nextInt(5) > 0) {
            v.put("city", CITIES[random.nextInt(CITIES.length)]);
        }
        List<String> tags = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            tags.add(TAGS[random.nextInt(TAGS.length)]);
        }
        v.put("tags", tags);
        if (random.nextInt(4) > 0) {
            v.put("size", random.nextBoolean() ? BigDecimal.valueOf(random.nextInt(20)) : new BigDecimal(random.nextInt(20) + "." + random.nextInt(10)));
        }
        if (random.nextInt(3) == 0) {
            v.put("scores", List.of(BigDecimal.valueOf(random.nextInt(10)), new BigDecimal("0.1").multiply(BigDecimal.valueOf(random.nextInt(30)))));
        } else if (random.nextBoolean()) {
            v.put("scores", BigDecimal.valueOf(random.nextInt(10)));
        }
        if (random.nextInt(4) > 0) {
            v.put("seen_at", BASE + random.nextInt(40) * 86_400_000_000L + random.nextInt(86_400) * 1_000_000L);
        }
        if (random.nextInt(3) > 0) {
            v.put("vip", random.nextBoolean());
        }
        return v;
    }

    private ModelIndex build(int n, int dictionaryLimit) {
        return build(n, dictionaryLimit, 0);
    }

    private ModelIndex build(int n, int dictionaryLimit, int cached) {
        ModelIndex ix = new ModelIndex("person", dictionaryLimit, cached);
        for (int i = 0; i < n; i++) {
            put(ix, String.format("per_%05d", i), randomValues());
        }
        // updates, deletes (their ordinals are reused), and values written ahead of their subject
        List<String> ids = new ArrayList<>(records.keySet());
        for (int i = 0; i < n / 5; i++) {
            String id = ids.get(random.nextInt(ids.size()));
            if (!records.containsKey(id)) {
                continue;
            }
            if (random.nextInt(3) == 0) {
                ix.removeSubject(id);
                records.remove(id);
            } else {
                put(ix, id, randomValues());
            }
        }
        ix.set("per_ahead", "name", FieldType.TEXT, "ahead");
        for (int i = 0; i < n / 10; i++) {
            put(ix, String.format("per_new%04d", i), randomValues());
        }
        return ix;
    }

    private Object randomCondition() {
        List<String> fields = new ArrayList<>(TYPES.keySet());
        fields.add("created_at");
        String field = fields.get(random.nextInt(fields.size()));
        FieldType type = SCHEMA.type(field);
        List<Op> ops = new ArrayList<>(Op.allowed(type));
        Op op = ops.get(random.nextInt(ops.size()));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("field", field);
        c.put("operator", op.symbol);
        if (op != Op.IS_PRESENT && op != Op.IS_ABSENT) {
            c.put("value", randomValue(field, type, op));
        }
        return c;
    }

    private Object randomValue(String field, FieldType type, Op op) {
        Op p = op.positive();
        if (p == Op.IN) {
            List<Object> l = new ArrayList<>();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                l.add(randomValue(field, type, Op.EQ));
            }
            return l;
        }
        if (p == Op.BETWEEN) {
            Object a = randomValue(field, type, Op.EQ);
            Object b = randomValue(field, type, Op.EQ);
            if (type == FieldType.NUMBER) {
                return Values.number(a).compareTo(Values.number(b)) <= 0 ? List.of(a, b) : List.of(b, a);
            }
            return QueryParser.time(a)[0] <= QueryParser.time(b)[0] ? List.of(a, b) : List.of(b, a);
        }
        switch (type) {
        case NUMBER:
            return random.nextBoolean() ? (Object) random.nextInt(20) : new BigDecimal(random.nextInt(20) + "." + random.nextInt(10));
        case INSTANT: {
            long t = "created_at".equals(field) ? BASE + (long) (random.nextDouble() * (clock - BASE)) : BASE + random.nextInt(40) * 86_400_000_000L;
            java.time.Instant i = java.time.Instant.ofEpochSecond(t / 1_000_000, (t % 1_000_000) * 1000);
            return random.nextBoolean() ? i.toString().substring(0, 10) : i.toString();
        }
        case BOOLEAN:
            return random.nextBoolean();
        default:
            String[] pool = "name".equals(field) ? new String[] { "ada smith", "BOB", "o'brien", "an", "é", "jones", "Dan Ng" }
                    : "emails".equals(field) ? new String[] { "acme", "u1", "@ACME.COM", ".org", "u12@mail.net", "u7" }
                    : "city".equals(field) ? CITIES : TAGS;
            String s = pool[random.nextInt(pool.length)];
            return p == Op.STARTS_WITH || p == Op.ENDS_WITH || p == Op.CONTAINS ? s.substring(0, 1 + random.nextInt(s.length())) : s;
        }
    }

    private Object randomQuery(int depth) {
        if (depth == 0 || random.nextInt(3) == 0) {
            return randomCondition();
        }
        List<Object> children = new ArrayList<>();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            children.add(randomQuery(depth - 1));
        }
        return Map.of(random.nextBoolean() ? "and" : "or", children);
    }

    private List<String> naive(Naive naive, Object query) {
        return records.values().stream().filter(r -> naive.matches(query, r)).map(r -> r.id).sorted().collect(Collectors.toList());
    }

    private static List<String> ids(ModelIndex ix, BitSet b) {
        List<String> out = new ArrayList<>();
        for (int o = b.nextSetBit(0); o >= 0; o = b.nextSetBit(o + 1)) {
            out.add(ix.ids[o]);
        }
        out.sort(null);
        return out;
    }

    private void compare(ModelIndex ix) {
        Naive naive = new Naive(TYPES);
        for (int i = 0; i < 250; i++) {
            Object q = randomQuery(3);
            QueryNode node = QueryParser.query(q, SCHEMA, "query", null);
            List<String> expected = naive(naive, q);
            assertEquals(expected, ids(ix, node.eval(ix)), () -> "eval " + q);
            List<String> tested = records.keySet().stream().filter(id -> node.test(ix, ix.live(id))).sorted().collect(Collectors.toList());
            assertEquals(expected, tested, () -> "test " + q);
        }
    }

    @Test
    void dictionaryColumnsAgreeWithTheNaiveEvaluation() {
        compare(build(3000, TextColumn.DICTIONARY_LIMIT, 16));
    }

    @Test
    void plainColumnsAgreeWithTheNaiveEvaluation() {
        ModelIndex ix = build(3000, 5);
        assertTrue(((TextColumn) ix.columns.get("name")).plain());
        compare(ix);
    }

    @Test
    void cachedConditionsFollowWrites() {
        for (int limit : new int[] { TextColumn.DICTIONARY_LIMIT, 5 }) {
            records.clear();
            ModelIndex ix = build(600, limit, 8);
            Naive naive = new Naive(TYPES);
            List<String> ids = new ArrayList<>(records.keySet());
            for (int i = 0; i < 300; i++) {
                Object q = randomQuery(2);
                QueryNode node = QueryParser.query(q, SCHEMA, "query", null);
                assertEquals(naive(naive, q), ids(ix, node.eval(ix)), () -> "before " + q);
                for (int w = random.nextInt(3); w > 0; w--) {
                    String id = ids.get(random.nextInt(ids.size()));
                    if (records.containsKey(id)) {
                        put(ix, id, randomValues());
                    }
                }
                assertEquals(naive(naive, q), ids(ix, node.eval(ix)), () -> "after writes " + q);
            }
        }
    }

    @Test
    void pagesFollowEverySortWithoutGapsOrRepeats() {
        ModelIndex ix = build(2000, 50);
        Naive naive = new Naive(TYPES);
        String[][] sorts = { { null, "desc" }, { "created_at", "asc" }, { "name", "asc" }, { "name", "desc" }, { "size", "asc" },
                { "size", "desc" }, { "scores", "asc" }, { "seen_at", "desc" }, { "vip", "asc" }, { "city", "desc" } };
        for (String[] sort : sorts) {
            for (int n = 0; n < 5; n++) {
                Object q = n == 0 ? null : randomQuery(2);
                boolean desc = "desc".equals(sort[1]);
                List<String> expected = records.values().stream().filter(r -> naive.matches(q, r)).sorted(naive.order(sort[0], desc))
                        .map(r -> r.id).collect(Collectors.toList());
                QueryNode node = QueryParser.query(q, SCHEMA, "query", null);
                String field = sort[0] == null || ("created_at".equals(sort[0]) && desc) ? null : sort[0];
                List<String> got = new ArrayList<>();
                String cursor = null;
                int pages = 0;
                do {
                    Pager pager = new Pager(ix, field, desc);
                    BitSet hits = node == null ? (BitSet) ix.alive.clone() : node.eval(ix);
                    assertEquals(expected.size(), hits.cardinality());
                    Pager.Result page = pager.page(hits, pager.decode(cursor), 37);
                    got.addAll(page.ids);
                    cursor = page.nextCursor;
                    assertTrue(++pages <= expected.size() / 37 + 1, "too many pages");
                } while (cursor != null);
                assertEquals(expected, got, () -> "sort " + String.join(" ", String.valueOf(sort[0]), sort[1]) + " of " + q);
            }
        }
    }

    @Test
    void cursorsAreChecked() {
        ModelIndex ix = build(200, 50);
        Pager byName = new Pager(ix, "name", false);
        String cursor = byName.page((BitSet) ix.alive.clone(), null, 5).nextCursor;
        assertEquals("per_", byName.decode(cursor).id.substring(0, 4));
        DomainException other = assertThrows(DomainException.class, () -> new Pager(ix, "name", true).decode(cursor));
        assertEquals("cursor", other.errors.get(0).field);
        assertTrue(other.errors.get(0).message.startsWith("was given out for another sort (name asc)"), other.errors.get(0).message);
        assertThrows(DomainException.class, () -> new Pager(ix, null, true).decode(cursor));
        assertThrows(DomainException.class, () -> new Pager(ix, null, true).decode("%%%"));
        assertThrows(DomainException.class, () -> byName.decode("bm90IGEgY3Vyc29y"));
        assertNull(byName.decode(""));
    }

    /** What lists show: text as written (last written form per distinct value) while the column is a dictionary. */
    @Test
    void textIsShownAsWrittenWhileTheColumnIsADictionary() {
        ModelIndex ix = new ModelIndex("person", 3, 0);
        for (String id : List.of("a", "b", "c", "d")) {
            ix.subject(id, id.charAt(0));
        }
        write(ix, "a", "tags", FieldType.TEXT_LIST, List.of("Acme", "Navy Labs"));
        write(ix, "b", "tags", FieldType.TEXT_LIST, "ACME");
        Column names = ix.column("tags", FieldType.TEXT_LIST);
        assertEquals(List.of("ACME", "Navy Labs"), names.shown(ix.live("a")), "the last written form of 'acme'");
        assertEquals("ACME", names.shown(ix.live("b")));
        write(ix, "b", "tags", FieldType.TEXT_LIST, "acme");
        assertEquals("acme", names.shown(ix.live("b")), "written in lower case: shown so");
        QueryNode acme = QueryParser.query(Json.parse("{'field':'tags','operator':'=','value':'ACME'}"), SCHEMA, "query", null);
        assertEquals(List.of("a", "b"), ids(ix, acme.eval(ix)), "matching ignores case as before");
        write(ix, "a", "tags", FieldType.TEXT_LIST, null);
        assertNull(names.shown(ix.live("a")));
        // past the dictionary's limit the column keeps the lower case only
        ModelIndex plain = new ModelIndex("person", 1, 0);
        for (int i = 0; i < 8; i++) {
            plain.subject("p" + i, i + 1);
            write(plain, "p" + i, "name", FieldType.TEXT, "Person " + i);
        }
        assertEquals("person 7", plain.column("name", FieldType.TEXT).shown(plain.live("p7")));
    }

    private static void write(ModelIndex ix, String id, String field, FieldType type, Object raw) {
        Object normal = Values.normalise(type, raw);
        ix.set(id, field, type, normal, Values.shown(type, raw, normal));
    }

    @Test
    void removedSubjectsLeaveWithTheirValues() {
        ModelIndex ix = new ModelIndex("person");
        ix.subject("a", 1);
        ix.set("a", "name", FieldType.TEXT, "Ada");
        ix.set("b", "name", FieldType.TEXT, "Bob"); // ahead of its subject: not live yet
        assertEquals(1, ix.count());
        QueryNode present = QueryParser.query(Json.parse("{'field':'name','operator':'is_present'}"), SCHEMA, "query", null);
        assertEquals(List.of("a"), ids(ix, present.eval(ix)));
        ix.subject("b", 2);
        assertEquals(List.of("a", "b"), ids(ix, present.eval(ix)));
        ix.removeSubject("a");
        assertEquals(List.of("b"), ids(ix, present.eval(ix)));
        assertEquals(-1, ix.live("a"));
        ix.subject("c", 3); // reuses a's ordinal, without its values
        QueryNode absent = QueryParser.query(Json.parse("{'field':'name','operator':'is_absent'}"), SCHEMA, "query", null);
        assertEquals(List.of("c"), ids(ix, absent.eval(ix)));
    }
}
