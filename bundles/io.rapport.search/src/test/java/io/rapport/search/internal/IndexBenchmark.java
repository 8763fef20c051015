package io.rapport.search.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.rapport.platform.search.FieldType;

/**
 * Not a test: measures the index at a million synthetic people (run with -Dsearch.bench=true, optionally
 * -Dsearch.bench.n=...). Prints build time, memory per subject and query times; asserts nothing.
 */
@EnabledIfSystemProperty(named = "search.bench", matches = "true")
class IndexBenchmark {
    static final Map<String, FieldType> TYPES = Map.of("name", FieldType.TEXT, "emails", FieldType.TEXT_LIST, "location.city", FieldType.TEXT,
            "tags", FieldType.TEXT_LIST, "attributes.plan", FieldType.TEXT, "attributes.mrr", FieldType.NUMBER, "companies.industry",
            FieldType.TEXT_LIST, "updated_at", FieldType.INSTANT);
    static final Schema SCHEMA = new Schema() {
        @Override
        public FieldType type(String field) {
            return "created_at".equals(field) ? FieldType.INSTANT : TYPES.get(field);
        }

        @Override
        public String unavailable(String field) {
            return "unknown " + field;
        }
    };

    @Test
    void aMillionPeople() {
        int n = Integer.getInteger("search.bench.n", 1_000_000);
        Random random = new Random(7);
        String[] first = new String[2000];
        String[] last = new String[5000];
        for (int i = 0; i < first.length; i++) {
            first[i] = word(random, 4 + random.nextInt(5));
        }
        for (int i = 0; i < last.length; i++) {
            last[i] = word(random, 5 + random.nextInt(6));
        }
        String[] industries = new String[20];
        for (int i = 0; i < 20; i++) {
            industries[i] = "industry " + i;
        }
        String[] plans = { "free", "starter", "pro", "business", "enterprise" };
        long before = usedMemory();
        SearchIndex index = new SearchIndex(Integer.getInteger("search.bench.cache", 0));
        Provider p = null; // the index needs no provider here
        long start = System.nanoTime();
        long t = 1_700_000_000_000_000L;
        List<SinkOp> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "per_" + Long.toString(0x100000000L + i * 7919L % 0xFFFFFFFL, 36) + Integer.toString(i, 36);
            String f = first[random.nextInt(first.length)];
            String l = last[random.nextInt(last.length)];
            t += 1 + random.nextInt(1000);
            batch.add(SinkOp.subject(p, "person", id, t));
            batch.add(SinkOp.set(p, "person", id, "name", FieldType.TEXT, Values.normalise(FieldType.TEXT, cap(f) + " " + cap(l))));
            List<String> emails = new ArrayList<>();
            emails.add(f + "." + l + i + "@" + word(random, 6) + ".com");
            if (random.nextInt(5) == 0) {
                emails.add(f + i + "@gmail.com");
            }
            batch.add(SinkOp.set(p, "person", id, "emails", FieldType.TEXT_LIST, Values.normalise(FieldType.TEXT_LIST, emails)));
            batch.add(SinkOp.set(p, "person", id, "location.city", FieldType.TEXT, "city " + random.nextInt(1000)));
            List<String> tags = List.of("tag" + random.nextInt(100), "tag" + random.nextInt(100), "tag" + random.nextInt(100));
            batch.add(SinkOp.set(p, "person", id, "tags", FieldType.TEXT_LIST, Values.normalise(FieldType.TEXT_LIST, tags)));
            batch.add(SinkOp.set(p, "person", id, "attributes.plan", FieldType.TEXT, plans[random.nextInt(plans.length)]));
            batch.add(SinkOp.set(p, "person", id, "attributes.mrr", FieldType.NUMBER, new BigDecimal(random.nextInt(100000)).movePointLeft(2)));
            if (random.nextInt(5) == 0) {
                batch.add(SinkOp.set(p, "person", id, "companies.industry", FieldType.TEXT_LIST, industries[random.nextInt(20)]));
            }
            batch.add(SinkOp.set(p, "person", id, "updated_at", FieldType.INSTANT, t + random.nextInt(1_000_000)));
            if (batch.size() >= 10_000) {
                index.apply(batch, op -> true, null);
                batch = new ArrayList<>();
            }
        }
        index.apply(batch, op -> true, null);
        long built = System.nanoTime() - start;
        long after = usedMemory();
        ModelIndex ix = index.model("person");
        System.out.printf("%n== search index: %d people built in %d ms (%.0f/s); heap %d MiB, %d bytes per person (estimate from columns %d)%n", n,
                built / 1_000_000, n / (built / 1e9), (after - before) >> 20, (after - before) / n, ix.bytes() / n);
        ix.columns.forEach((name, c) -> System.out.printf("   %-20s %-9s %s ~%d MiB%n", name, c.type,
                c instanceof TextColumn ? (((TextColumn) c).plain() ? "plain" : "dictionary of " + ((TextColumn) c).distinct()) : "", c.bytes() >> 20));

        String someEmail = "gmail";
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("everyone (newest first)", null);
        queries.put("email contains", "{'field':'emails','operator':'contains','value':'" + first[3].substring(1, 4) + "'}");
        queries.put("email contains (rare)", "{'field':'emails','operator':'contains','value':'" + first[5] + "." + last[9] + "'}");
        queries.put("email ends_with", "{'field':'emails','operator':'ends_with','value':'@" + someEmail + ".com'}");
        queries.put("name starts_with", "{'field':'name','operator':'starts_with','value':'" + first[11].substring(0, 3) + "'}");
        queries.put("name =", "{'field':'name','operator':'=','value':'" + cap(first[1]) + " " + cap(last[2]) + "'}");
        queries.put("tag =", "{'field':'tags','operator':'=','value':'tag42'}");
        queries.put("attribute =", "{'field':'attributes.plan','operator':'=','value':'pro'}");
        queries.put("attribute range", "{'field':'attributes.mrr','operator':'between','value':[100, 150.5]}");
        queries.put("tag AND attribute AND industry", "{'and':[{'field':'tags','operator':'=','value':'tag7'},{'field':'attributes.plan','operator':'=','value':'pro'},"
                + "{'field':'companies.industry','operator':'=','value':'industry 3'}]}");
        queries.put("3-level and/or", "{'or':[{'and':[{'field':'tags','operator':'in','value':['tag1','tag2']},{'or':[{'field':'attributes.mrr','operator':'>','value':900},"
                + "{'field':'emails','operator':'ends_with','value':'gmail.com'}]}]},{'and':[{'field':'location.city','operator':'=','value':'city 7'},"
                + "{'field':'name','operator':'starts_with','value':'a'}]}]}");
        if (Boolean.getBoolean("search.bench.parts")) {
            queries.put("part: tags in", "{'field':'tags','operator':'in','value':['tag1','tag2']}");
            queries.put("part: tags in AND mrr", "{'and':[{'field':'tags','operator':'in','value':['tag1','tag2']},{'field':'attributes.mrr','operator':'>','value':900}]}");
            queries.put("part: tags in AND ends_with", "{'and':[{'field':'tags','operator':'in','value':['tag1','tag2']},{'field':'emails','operator':'ends_with','value':'gmail.com'}]}");
            queries.put("part: tags AND plan", "{'and':[{'field':'tags','operator':'=','value':'tag7'},{'field':'attributes.plan','operator':'=','value':'pro'}]}");
            queries.put("part: city AND name", "{'and':[{'field':'location.city','operator':'=','value':'city 7'},{'field':'name','operator':'starts_with','value':'a'}]}");
        }
        queries.put("not_contains", "{'field':'emails','operator':'not_contains','value':'gmail'}");
        queries.put("created_at >", "{'field':'created_at','operator':'>','value':'2023-11-14T22:20:00Z'}");
        for (Map.Entry<String, String> q : queries.entrySet()) {
            time(index, q.getKey(), q.getValue() == null ? null : Json.parse(q.getValue()), null, false);
        }
        time(index, "everyone sorted by name", null, "name", false);
        time(index, "tag = sorted by mrr desc", Json.parse("{'field':'tags','operator':'=','value':'tag42'}"), "attributes.mrr", true);
        long tu = System.nanoTime();
        int updates = 100_000;
        for (int i = 0; i < updates; i++) {
            String id = ix.ids[random.nextInt(n)];
            index.apply(List.of(SinkOp.set(p, "person", id, "name", FieldType.TEXT, "x" + i),
                    SinkOp.set(p, "person", id, "tags", FieldType.TEXT_LIST, Values.normalise(FieldType.TEXT_LIST, List.of("tag1", "tag" + i % 100)))), op -> true, null);
        }
        System.out.printf("   %d single-change updates: %.1f µs each%n", updates, (System.nanoTime() - tu) / 1e3 / updates);
    }

    private static void time(SearchIndex index, String name, Object query, String sort, boolean desc) {
        QueryNode node = QueryParser.query(query, SCHEMA, "query", null);
        long[] times = new long[15];
        long[] cpu = new long[15];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (int i = 0; i < times.length; i++) {
            long c = threads.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            total = index.read("person", ix -> {
                BitSet hits = node == null ? (BitSet) ix.alive.clone() : node.eval(ix);
                Pager.Result page = new Pager(ix, sort, desc).page(hits, null, 50);
                return hits.cardinality() + page.ids.size() * 0L;
            });
            times[i] = System.nanoTime() - s;
            cpu[i] = threads.getCurrentThreadCpuTime() - c;
        }
        Arrays.sort(times, 3, times.length); // the first runs warm up
        Arrays.sort(cpu, 3, cpu.length);
        // CPU time too: other processes on the machine stretch wall times
        System.out.printf("   %-32s total %8d  median %6.1f ms (cpu %6.1f ms)  max %6.1f ms%n", name, total, times[3 + (times.length - 3) / 2] / 1e6,
                cpu[3 + (cpu.length - 3) / 2] / 1e6, times[times.length - 1] / 1e6);
    }

    private static String word(Random r, int len) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return b.toString();
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static long usedMemory() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
