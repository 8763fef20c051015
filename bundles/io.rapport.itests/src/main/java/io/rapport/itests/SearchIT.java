package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.companies.api.CompaniesService;
import io.rapport.companies.api.Company;
import io.rapport.companies.api.CompanyData;
import io.rapport.itests.search.JsonText;
import io.rapport.itests.search.NaiveSearch;
import io.rapport.people.api.Location;
import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.people.api.PersonData;
import io.rapport.search.api.SearchListener;
import io.rapport.search.api.SearchService;

/**
 * Search over people and companies through real HTTP: results equal a naive evaluation over the same
 * generated data (every operator, nested groups, sorts, every page), fresh writes are found within a
 * second, fields leave and come back with their bundle, and bad queries are 400s naming the field.
 */
public class SearchIT {
    private static final Pattern PERSON_ID = Pattern.compile("\"id\":\"(per_[a-z0-9]+)\"");
    private static final Pattern COMPANY_ID = Pattern.compile("\"id\":\"(com_[a-z0-9]+)\"");
    private static final Pattern NEXT = Pattern.compile("\"next_cursor\":(?:null|\"([^\"]*)\")");
    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");
    private static final String[] FIRST = { "Ada", "bob", "Cleo", "Dan", "EVE", "Frank", "Gus", "Hélène", "Ian", "Joy", "Ana" };
    private static final String[] LAST = { "Smith", "Jones", "O'Brien", "van Dam", "Ng", "Lopez", "Martinez" };
    private static final String[][] CITIES = { { "Paris", "Île-de-France", "France" }, { "Lyon", null, "France" }, { "Berlin", "Berlin", "Germany" },
            { "New York", "NY", "USA" }, { "Newark", "NJ", "USA" }, { "Oslo", null, "Norway" }, { "São Paulo", "SP", "Brazil" } };
    private static final String[] DOMAINS = { "acme.com", "Example.org", "mail.net", "bigcorp.io" };
    private static final String[] INDUSTRIES = { "Software", "Retail", "Banking", "Health", "Energy" };

    @InjectService(timeout = 20000)
    PeopleService people;

    @InjectService(timeout = 20000)
    CompaniesService companies;

    @InjectService(timeout = 20000)
    SearchService search;

    @InjectBundleContext
    BundleContext context;

    /** The generated people, as stored, by id (created once for the class). */
    private static Map<String, NaiveSearch.Record> generated;
    private static Map<String, NaiveSearch.Record> generatedCompanies;
    private static String run;
    private static List<Person> sample;

    private void generate(Http http) throws Exception {
        synchronized (SearchIT.class) {
            generateOnce(http);
        }
    }

    private void generateOnce(Http http) throws Exception {
        if (generated != null) {
            return;
        }
        run = UUID.randomUUID().toString().substring(0, 8);
        long start = System.currentTimeMillis();
        Random random = new Random(20261122);
        Map<String, NaiveSearch.Record> records = new LinkedHashMap<>();
        List<PersonData> data = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            PersonData d = new PersonData();
            String first = FIRST[random.nextInt(FIRST.length)];
            String last = LAST[random.nextInt(LAST.length)];
            if (random.nextInt(100) < 88) {
                d.name = first + " " + last;
            }
            for (int e = random.nextInt(3); e > 0; e--) {
                d.emails.add(first.toLowerCase().replace("é", "e").replace("è", "e") + "." + i + e + "." + run + "@" + DOMAINS[random.nextInt(DOMAINS.length)]);
            }
            if (random.nextInt(100) < 40) {
                d.phones.add("+1 (555) 01" + random.nextInt(10) + random.nextInt(10) + "-" + (1000 + random.nextInt(9000)));
            }
            if (random.nextInt(100) < 75) {
                String[] c = CITIES[random.nextInt(CITIES.length)];
                d.location = new Location(c[0], c[1], c[2]);
            }
            d.externalId = "s" + run + "-" + i;
            data.add(d);
        }
        // written in batches (as imports do), then some change and some leave: the index must follow
        List<Person> all = new ArrayList<>();
        for (int from = 0; from < data.size(); from += PeopleService.MAX_BATCH) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (PersonData d : data.subList(from, Math.min(data.size(), from + PeopleService.MAX_BATCH))) {
                Map<String, Object> row = new HashMap<>();
                row.put("name", d.name);
                row.put("emails", d.emails);
                row.put("phones", d.phones);
                row.put("external_id", d.externalId);
                Map<String, Object> location = new HashMap<>();
                location.put("city", d.location.city);
                location.put("region", d.location.region);
                location.put("country", d.location.country);
                row.put("location", location);
                rows.add(row);
            }
            for (PeopleService.BatchUpsert outcome : people.upsertBatch(rows, "search-it")) {
                assertTrue(outcome.problem == null && outcome.created, () -> String.valueOf(outcome.problem));
                all.add(outcome.person);
            }
        }
        long batched = System.currentTimeMillis();
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int slice = t;
                done.add(writers.submit(() -> {
                    for (int i = slice; i < all.size(); i += 4) {
                        if (i % 20 == 0) {
                            all.set(i, people.patch(all.get(i).id, Map.of("location", Map.of("city", "Lyon", "country", "France")), null, "search-it"));
                        } else if (i % 50 == 7) {
                            people.delete(all.get(i).id, null, "search-it");
                            all.set(i, null);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            writers.shutdown();
        }
        for (Person p : all) {
            if (p != null) {
                records.put(p.id, record(p));
            }
        }
        sample = all.stream().filter(p -> p != null).collect(Collectors.toList());

        Map<String, NaiveSearch.Record> companyRecords = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            CompanyData c = new CompanyData();
            c.name = (i % 3 == 0 ? "Acme " : "Globex ") + i + " " + run;
            c.domain = "d" + i + "-" + run + ".com";
            c.industry = random.nextInt(10) < 8 ? INDUSTRIES[random.nextInt(INDUSTRIES.length)] : null;
            c.size = random.nextInt(10) < 8 ? random.nextInt(5000) : null;
            c.externalId = "c" + run + "-" + i;
            Company made = companies.create(c, "search-it");
            Map<String, Object> v = new HashMap<>();
            v.put("name", made.name);
            v.put("domain", made.domain);
            v.put("industry", made.industry);
            v.put("size", made.size);
            v.put("external_id", made.externalId);
            v.put("updated_at", made.updatedAt);
            companyRecords.put(made.id, new NaiveSearch.Record(made.id, made.createdAt, v));
        }
        long written = System.currentTimeMillis();
        // the index takes the writes in within a second or so; wait until it has all of them
        await(http, "people", marker(), records.size());
        await(http, "companies", companyMarker(), companyRecords.size());
        System.out.printf("SearchIT: wrote %d people and %d companies in %d ms (batches %d ms); the index had them %d ms later%n", records.size(),
                companyRecords.size(), written - start, batched - start, System.currentTimeMillis() - written);
        generatedCompanies = companyRecords;
        generated = records;
    }

    private static NaiveSearch.Record record(Person p) {
        Map<String, Object> v = new HashMap<>();
        v.put("name", p.name);
        v.put("emails", p.emails);
        List<String> phones = new ArrayList<>();
        for (String phone : p.phones) {
            phones.add(phone);
            phones.add(phone.replaceAll("[\\s().\\/-]", "")); // phones match as written and without separators
        }
        v.put("phones", phones);
        v.put("external_id", p.externalId);
        v.put("avatar_url", p.avatarUrl);
        v.put("location.city", p.location.city);
        v.put("location.region", p.location.region);
        v.put("location.country", p.location.country);
        v.put("updated_at", p.updatedAt);
        return new NaiveSearch.Record(p.id, p.createdAt, v);
    }

    private static Map<String, Object> marker() {
        return cond("external_id", "starts_with", "s" + run + "-");
    }

    private static Map<String, Object> companyMarker() {
        return cond("external_id", "starts_with", "c" + run + "-");
    }

    private static Map<String, Object> cond(String field, String operator, Object value) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("field", field);
        c.put("operator", operator);
        if (value != null) {
            c.put("value", value);
        }
        return c;
    }

    private static Map<String, Object> and(Object... qs) {
        return Map.of("and", List.of(qs));
    }

    private static Map<String, Object> or(Object... qs) {
        return Map.of("or", List.of(qs));
    }

    private static void await(Http http, String collection, Map<String, Object> query, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        HttpResponse<String> r;
        do {
            r = http.post("/api/v1/" + collection + "/search", JsonText.write(Map.of("query", query, "limit", 1)));
            if (r.statusCode() == 200 && total(r) == expected) {
                return;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("The index did not reach " + expected + " " + collection + " within 30 s: " + r.statusCode() + " " + r.body());
    }

    private static long total(HttpResponse<String> r) {
        Matcher m = TOTAL.matcher(r.body());
        assertTrue(m.find(), r.body());
        return Long.parseLong(m.group(1));
    }

    private static List<String> ids(Pattern id, HttpResponse<String> r) {
        List<String> ids = new ArrayList<>();
        Matcher m = id.matcher(r.body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String next(HttpResponse<String> r) {
        Matcher m = NEXT.matcher(r.body());
        assertTrue(m.find(), r.body());
        return m.group(1);
    }

    /** Every page of a search, in order, with its total. */
    private static List<String> allPages(Http http, String collection, Pattern id, Object query, Map<String, Object> sort, int limit, long[] totalOut)
            throws Exception {
        List<String> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("query", query);
            if (sort != null) {
                body.put("sort", sort);
            }
            body.put("limit", limit);
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            HttpResponse<String> r = http.post("/api/v1/" + collection + "/search", JsonText.write(body));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            totalOut[0] = total(r);
            all.addAll(ids(id, r));
            cursor = next(r);
            assertTrue(++pages < 1000, "endless paging");
        } while (cursor != null);
        return all;
    }

    private static List<String> naive(Map<String, NaiveSearch.Record> records, Object query, String sortField, boolean descending) {
        return records.values().stream().filter(r -> NaiveSearch.matches(query, r)).sorted(NaiveSearch.order(sortField, descending))
                .map(r -> r.id).collect(Collectors.toList());
    }

    private static String t(Instant i) {
        return i.toString();
    }

    @Test
    void peopleResultsEqualANaiveEvaluation() throws Exception {
        Http http = Http.connect();
        generate(http);
        Person p17 = sample.get(17);
        Person p500 = sample.get(500);
        Person p1500 = sample.get(1500);
        Person withEmails = sample.stream().filter(p -> p.emails.size() == 2).findFirst().orElseThrow();
        Person withPhone = sample.stream().filter(p -> !p.phones.isEmpty()).skip(3).findFirst().orElseThrow();
        String compact = withPhone.phones.get(0).replaceAll("[\\s().\\/-]", "");
        String today = p500.createdAt.toString().substring(0, 10);
        List<Object> queries = new ArrayList<>(List.of(
                cond("name", "=", "ADA SMITH"), cond("name", "!=", "Ada Smith"), cond("name", "in", List.of("bob jones", "Cleo Ng", "nobody")),
                cond("name", "not_in", List.of("Bob Jones", "eve lopez")), cond("name", "contains", "an"), cond("name", "not_contains", "o"),
                cond("name", "starts_with", "a"), cond("name", "ends_with", "EZ"), cond("name", "is_present", null), cond("name", "is_absent", null),
                cond("emails", "contains", "acme"), cond("emails", "ends_with", ".org"), cond("emails", "=", withEmails.emails.get(1).toUpperCase()),
                cond("emails", "not_contains", "acme"), cond("emails", "is_absent", null), cond("emails", "!=", withEmails.emails.get(0)),
                cond("emails", "in", List.of(withEmails.emails.get(0), sample.get(40).emails.isEmpty() ? "x@y.z" : sample.get(40).emails.get(0))),
                cond("emails", "not_in", List.of(withEmails.emails.get(1))), cond("emails", "starts_with", "ana."),
                cond("phones", "=", compact), cond("phones", "contains", "555) 01"), cond("phones", "is_present", null),
                cond("location.city", "=", "paris"), cond("location.city", "in", List.of("Berlin", "OSLO")), cond("location.city", "is_absent", null),
                cond("location.city", "starts_with", "new"), cond("location.country", "!=", "france"), cond("location.region", "is_present", null),
                cond("location.city", "ends_with", "ão paulo"), cond("external_id", "=", p17.externalId),
                cond("created_at", ">", t(p500.createdAt)), cond("created_at", ">=", t(p500.createdAt)), cond("created_at", "<", t(p1500.createdAt)),
                cond("created_at", "<=", t(p1500.createdAt)), cond("created_at", "between", List.of(t(p500.createdAt), t(p1500.createdAt))),
                cond("created_at", "=", today), cond("created_at", "!=", t(p17.createdAt)), cond("created_at", "<=", today),
                cond("updated_at", ">", t(p500.createdAt)), cond("updated_at", "is_present", null),
                or(and(cond("name", "starts_with", "a"), or(cond("location.city", "=", "Paris"), cond("emails", "ends_with", ".org"))),
                        and(cond("phones", "is_present", null), cond("name", "not_contains", "e"))),
                and(or(cond("location.country", "=", "USA"), and(cond("location.country", "=", "France"), cond("name", "is_absent", null))),
                        or(cond("emails", "contains", "mail"), cond("phones", "contains", "5550")))));
        for (Object q : queries) {
            Object query = and(marker(), q);
            List<String> expected = naive(generated, query, null, true);
            HttpResponse<String> r = http.post("/api/v1/people/search", JsonText.write(Map.of("query", query, "limit", 60)));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(expected.size(), total(r), () -> "total of " + JsonText.write(q));
            assertEquals(expected.subList(0, Math.min(60, expected.size())), ids(PERSON_ID, r), () -> "first page of " + JsonText.write(q));
        }
        System.out.printf("SearchIT: %d queries compared%n", queries.size());
        // the service other bundles use (segments) agrees
        Object nested3 = queries.get(queries.size() - 2);
        SearchService.Query compiled = search.compile("person", and(marker(), nested3));
        assertEquals(naive(generated, and(marker(), nested3), null, true).size(), search.count(compiled));
        assertTrue(compiled.fields().containsAll(List.of("external_id", "name", "location.city", "emails", "phones")), compiled.fields().toString());
        for (NaiveSearch.Record r : generated.values()) {
            assertEquals(NaiveSearch.matches(and(marker(), nested3), r), search.matches(compiled, r.id), r.id);
        }
        assertFalse(search.matches(compiled, "per_nosuchperson"));
        assertEquals(naive(generated, and(marker(), nested3), null, true), search.ids(compiled));
        // every page of several orders
        Object nested = or(and(cond("name", "starts_with", "a"), cond("location.city", "is_present", null)), cond("emails", "contains", "acme"));
        Object[][] sorts = { { null, "desc" }, { "name", "asc" }, { "name", "desc" }, { "location.city", "asc" }, { "created_at", "asc" },
                { "updated_at", "desc" } };
        for (Object[] sort : sorts) {
            // everyone in two orders, a nested query in every order
            for (Object q : sort[0] == null || "name".equals(sort[0]) && "asc".equals(sort[1]) ? List.of(marker(), and(marker(), nested))
                    : List.of(and(marker(), nested))) {
                Map<String, Object> s = sort[0] == null ? null : Map.of("field", sort[0], "order", sort[1]);
                long[] total = new long[1];
                List<String> got = allPages(http, "people", PERSON_ID, q, s, 137, total);
                List<String> expected = naive(generated, q, (String) sort[0], "desc".equals(sort[1]));
                assertEquals(expected.size(), total[0]);
                assertEquals(expected, got, () -> "pages sorted by " + Arrays.toString(sort) + " of " + JsonText.write(q));
            }
        }
    }

    @Test
    void companyResultsEqualANaiveEvaluation() throws Exception {
        Http http = Http.connect();
        generate(http);
        List<Object> queries = List.of(cond("industry", "=", "software"), cond("industry", "!=", "Retail"), cond("industry", "is_absent", null),
                cond("size", ">", 2500), cond("size", "<=", 1000), cond("size", "between", List.of(100, 3000)), cond("size", "in", List.of(1, 2, 3)),
                cond("size", "is_absent", null), cond("name", "starts_with", "acme"), cond("domain", "ends_with", run + ".com"),
                or(and(cond("industry", "in", List.of("Banking", "Health")), cond("size", ">=", 1000)), cond("name", "contains", "globex 1")));
        for (Object q : queries) {
            Object query = and(companyMarker(), q);
            long[] total = new long[1];
            List<String> got = allPages(http, "companies", COMPANY_ID, query, null, 7, total);
            List<String> expected = naive(generatedCompanies, query, null, true);
            assertEquals(expected, got, () -> JsonText.write(q));
            assertEquals(expected.size(), total[0]);
        }
        long[] total = new long[1];
        List<String> bySize = allPages(http, "companies", COMPANY_ID, companyMarker(), Map.of("field", "size", "order", "desc"), 9, total);
        assertEquals(naive(generatedCompanies, companyMarker(), "size", true), bySize);
    }

    private static HttpResponse<String> pollUntil(Http http, String body, java.util.function.Predicate<HttpResponse<String>> done, String what)
            throws Exception {
        long start = System.currentTimeMillis();
        HttpResponse<String> r;
        do {
            r = http.post("/api/v1/people/search", body);
            if (r.statusCode() == 200 && done.test(r)) {
                return r;
            }
            Thread.sleep(10);
        } while (System.currentTimeMillis() - start < 1000);
        throw new AssertionError(what + " was not searchable within 1 s: " + r.statusCode() + " " + r.body());
    }

    @Test
    void writesAreSearchableWithinASecond() throws Exception {
        Http http = Http.connect();
        http.await("/api/v1/search/fields?model=person", 200, false);
        String u = UUID.randomUUID().toString().substring(0, 8);
        String byEmail = JsonText.write(Map.of("query", cond("emails", "=", "fresh." + u + "@example.com")));
        // the index may still be loading right after start: wait for it before measuring
        long deadline = System.currentTimeMillis() + 30_000;
        while (http.post("/api/v1/people/search", byEmail).statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        java.util.concurrent.BlockingQueue<String> told = new java.util.concurrent.LinkedBlockingQueue<>();
        org.osgi.framework.ServiceRegistration<SearchListener> listener = context.registerService(SearchListener.class,
                (model, ids, seq) -> ids.forEach(i -> told.add(model + " " + i + " " + (seq > 0))), null);
        String id;
        try {
            HttpResponse<String> created = http.post("/api/v1/people", "{\"name\":\"Fresh " + u + "\",\"emails\":[\"fresh." + u + "@example.com\"]}");
            assertEquals(201, created.statusCode(), created.body());
            Matcher m = PERSON_ID.matcher(created.body());
            assertTrue(m.find());
            id = m.group(1);
            pollUntil(http, byEmail, r -> ids(PERSON_ID, r).equals(List.of(id)), "a created person");
            // listeners hear of it (segments use this)
            String expected = "person " + id + " true";
            for (long deadline2 = System.currentTimeMillis() + 2000; !told.contains(expected) && System.currentTimeMillis() < deadline2;) {
                Thread.sleep(10);
            }
            assertTrue(told.contains(expected), told.toString());
        } finally {
            listener.unregister();
        }

        HttpResponse<String> patched = http.send("PATCH", "/api/v1/people/" + id, "{\"name\":\"Renamed " + u + "\"}");
        assertEquals(200, patched.statusCode(), patched.body());
        String byNewName = JsonText.write(Map.of("query", cond("name", "=", "renamed " + u)));
        pollUntil(http, byNewName, r -> ids(PERSON_ID, r).equals(List.of(id)), "a renamed person");
        HttpResponse<String> old = http.post("/api/v1/people/search", JsonText.write(Map.of("query", cond("name", "=", "Fresh " + u))));
        assertEquals("0", TOTAL.matcher(old.body()).results().map(x -> x.group(1)).findFirst().orElse("?"), old.body());

        assertEquals(204, http.send("DELETE", "/api/v1/people/" + id).statusCode());
        pollUntil(http, byEmail, r -> total(r) == 0, "a deleted person's leaving");
    }

    @Test
    void companyFieldsLeaveAndReturnWithTheirBundle() throws Exception {
        Http http = Http.connect();
        generate(http);
        String byIndustry = JsonText.write(Map.of("query", and(companyMarker(), cond("industry", "=", "Software"))));
        HttpResponse<String> before = http.post("/api/v1/companies/search", byIndustry);
        assertEquals(200, before.statusCode(), before.body());
        long expected = total(before);
        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.companies")) {
            HttpResponse<String> gone = http.post("/api/v1/companies/search", byIndustry);
            assertEquals(400, gone.statusCode(), gone.body());
            assertTrue(gone.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), gone.headers().toString());
            assertTrue(gone.body().contains("\"field\":\"query.and[0].field\"") || gone.body().contains("\"field\":\"query.and[1].field\""), gone.body());
            assertTrue(gone.body().contains("provided by io.rapport.companies, which is not running"), gone.body());
            // the person side keeps working
            HttpResponse<String> persons = http.post("/api/v1/people/search", JsonText.write(Map.of("query", cond("name", "is_present", null), "limit", 1)));
            assertEquals(200, persons.statusCode(), persons.body());
            HttpResponse<String> fields = http.get("/api/v1/search/fields?model=company");
            assertEquals(200, fields.statusCode(), fields.body());
            assertFalse(fields.body().contains("\"industry\""), fields.body());
        }
        long deadline = System.currentTimeMillis() + 20_000;
        HttpResponse<String> back;
        do {
            back = http.post("/api/v1/companies/search", byIndustry);
            if (back.statusCode() == 200) {
                break;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        assertEquals(200, back.statusCode(), back.body());
        assertEquals(expected, total(back), back.body());
    }

    private static void assertProblem(HttpResponse<String> r, String field, String messagePart) {
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.headers().toString());
        assertTrue(r.body().contains("\"field\":\"" + field + "\""), () -> field + " in " + r.body());
        assertTrue(r.body().contains(messagePart), () -> messagePart + " in " + r.body());
    }

    @Test
    void badQueriesAreProblemsNamingTheField() throws Exception {
        Http http = Http.connect();
        http.await("/api/v1/search/fields?model=person", 200, false);
        String path = "/api/v1/people/search";
        String u = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 2; i++) { // so that a sort has a second page
            assertEquals(201, http.post("/api/v1/people", "{\"name\":\"Cursor " + u + "\"}").statusCode());
        }
        assertProblem(http.post(path, "{\"query\":{\"and\":[{\"field\":\"name\",\"operator\":\"=\",\"value\":\"a\"},{\"field\":\"nope\",\"operator\":\"=\",\"value\":\"a\"}]}}"),
                "query.and[1].field", "unknown field 'nope'");
        assertProblem(http.post(path, "{\"query\":{\"or\":[{\"and\":[{\"field\":\"name\",\"operator\":\">\",\"value\":\"a\"}]}]}}"),
                "query.or[0].and[0].operator", "'>' does not apply to 'name' (TEXT); its operators are =, !=, in");
        assertProblem(http.post(path, "{\"query\":{\"field\":\"name\",\"operator\":\"like\",\"value\":\"a\"}}"), "query.operator", "unknown operator 'like'");
        assertProblem(http.post(path, "{\"query\":{\"field\":\"created_at\",\"operator\":\">\",\"value\":\"last week\"}}"), "query.value",
                "must be an ISO instant such as");
        assertProblem(http.post(path, "{\"query\":{\"field\":\"emails\",\"operator\":\"in\",\"value\":\"a@b.c\"}}"), "query.value", "must be a non-empty list");
        assertProblem(http.post(path, "{\"query\":{\"and\":[]}}"), "query.and", "must be a non-empty list");
        assertProblem(http.post(path, "{\"query\":{\"and\":[{\"field\":\"name\",\"operator\":\"is_present\"}],\"or\":[]}}"), "query", "either 'and' or 'or'");
        assertProblem(http.post(path, "{\"sort\":{\"field\":\"emails\"}}"), "sort.field", "does not sort");
        assertProblem(http.post(path, "{\"sort\":{\"field\":\"name\",\"order\":\"up\"}}"), "sort.order", "must be 'asc' or 'desc'");
        assertProblem(http.post(path, "{\"cursor\":\"garbage!\"}"), "cursor", "is not a cursor this API gave out");
        assertProblem(http.post(path, "{\"limit\":500}"), "limit", "between 1 and 200");
        assertProblem(http.post(path, "{\"filter\":{}}"), "filter", "unknown field");
        assertProblem(http.post(path, "{\"query\":{\"field\":\"tags.nope\",\"operator\":\"=\",\"value\":\"a\"}}"), "query.field", "unknown field 'tags.nope'");
        assertProblem(http.post("/api/v1/companies/search", "{\"query\":{\"field\":\"emails\",\"operator\":\"=\",\"value\":\"a\"}}"), "query.field",
                "unknown field 'emails'");
        HttpResponse<String> sorted = http.post(path, "{\"query\":{\"field\":\"name\",\"operator\":\"=\",\"value\":\"cursor " + u
                + "\"},\"sort\":{\"field\":\"name\"},\"limit\":1}");
        for (long deadline = System.currentTimeMillis() + 2000; total(sorted) < 2 && System.currentTimeMillis() < deadline;) {
            Thread.sleep(20);
            sorted = http.post(path, "{\"query\":{\"field\":\"name\",\"operator\":\"=\",\"value\":\"cursor " + u
                    + "\"},\"sort\":{\"field\":\"name\"},\"limit\":1}");
        }
        assertEquals(200, sorted.statusCode(), sorted.body());
        String cursor = next(sorted);
        assertProblem(http.post(path, "{\"sort\":{\"field\":\"name\",\"order\":\"desc\"},\"cursor\":\"" + cursor + "\"}"), "cursor", "another sort");
    }

    @Test
    void theFieldsSayTheirTypeOperatorsAndBundle() throws Exception {
        Http http = Http.connect();
        HttpResponse<String> r = http.await("/api/v1/search/fields?model=person", 200, false);
        String body = r.body();
        assertTrue(body.contains("{\"name\":\"emails\",\"type\":\"TEXT_LIST\""), body);
        assertTrue(body.contains("\"provider\":\"io.rapport.people\""), body);
        assertTrue(body.contains("\"name\":\"created_at\",\"type\":\"INSTANT\""), body);
        assertTrue(body.contains("\"operators\":[\"=\",\"!=\",\"in\",\"not_in\",\"contains\""), body);
        HttpResponse<String> company = http.get("/api/v1/search/fields?model=company");
        assertTrue(company.body().contains("{\"name\":\"size\",\"type\":\"NUMBER\""), company.body());
        assertProblem(http.get("/api/v1/search/fields?model=robot"), "model", "must be 'person' or 'company'");
    }
}
