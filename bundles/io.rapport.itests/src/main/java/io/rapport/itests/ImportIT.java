package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.attributes.api.AttributeDefinitionData;
import io.rapport.attributes.api.AttributesService;
import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.people.api.PersonData;
import io.rapport.platform.api.Models;
import io.rapport.tags.api.Tag;
import io.rapport.tags.api.TagsService;

/**
 * Bulk import over real HTTP into real Derby: an NDJSON file with bad rows of every kind (each reported
 * with its line, none leaving anything behind), the same file again (updates, no duplicates), CSV with
 * typed attribute columns, the job's progress and error pages, and the statuses of wrong requests.
 */
public class ImportIT {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int ROWS = 300;

    @InjectService(timeout = 20000)
    PeopleService people;

    @InjectService(timeout = 20000)
    TagsService tags;

    @InjectService(timeout = 20000)
    AttributesService attributes;

    Http http;
    /** Unique per test: the database is shared by all tests. */
    String u;
    String plan;
    String seats;
    String beta;

    @BeforeEach
    void setUp() throws Exception {
        http = Http.connect();
        http.await("/api/v1/jobs?limit=1", 200, false); // resources are registered asynchronously
        StringBuilder sb = new StringBuilder();
        Random random = new Random();
        for (int i = 0; i < 8; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        u = sb.toString();
        plan = define("plan_" + u, "text");
        seats = define("seats_" + u, "number");
        beta = define("beta_" + u, "boolean");
    }

    @Test
    void ndjsonImportReportsBadRowsAndUpsertsOnTheSecondRun() throws Exception {
        PersonData taken = new PersonData();
        taken.name = "Already here";
        taken.emails = List.of("taken-" + u + "@example.com");
        Person owner = people.create(taken, "test");

        Map<Integer, String> bad = new LinkedHashMap<>();
        bad.put(10, "{\"name\": \"Broken\", \"emails\": [");
        bad.put(50, "{\"name\":\"Nick\",\"emails\":[\"bad50-" + u + "@example.com\"],\"nickname\":\"n\"}");
        bad.put(100, "{\"name\":\"Mail\",\"emails\":[\"not-an-email\"],\"external_id\":\"bad100-" + u + "\"}");
        bad.put(150, "{\"emails\":[\"bad150-" + u + "@example.com\"],\"tags\":[\"OnlyBad-" + u + "\"],\"attributes\":{\"nope_" + u + "\":1}}");
        bad.put(200, "{\"emails\":[\"bad200-" + u + "@example.com\"],\"attributes\":{\"" + seats + "\":\"many\"}}");
        bad.put(250, "{\"emails\":[\"bad250-" + u + "@example.com\",\"taken-" + u + "@example.com\"],\"tags\":[\"VIP-" + u + "\"]}");
        StringBuilder file = new StringBuilder();
        for (int line = 1; line <= ROWS; line++) {
            file.append(bad.getOrDefault(line, row(line))).append('\n');
        }

        Map<String, Object> job = awaitDone(startImport(file.toString(), "application/x-ndjson"));
        assertEquals("completed", job.get("state"), job.toString());
        assertEquals((long) ROWS, job.get("rows_total"));
        assertEquals((long) ROWS - bad.size(), job.get("rows_done"));
        assertEquals((long) bad.size(), job.get("rows_failed"));
        assertEquals((long) ROWS - bad.size(), job.get("rows_created"));
        assertEquals(100L, job.get("percent"));
        assertEquals((long) bad.size(), job.get("errors_total"));
        assertNotNull(job.get("finished_at"));
        Map<Long, String> reasons = errors(job);
        assertEquals(Set.of(10L, 50L, 100L, 150L, 200L, 250L), reasons.keySet(), reasons.toString());
        assertTrue(reasons.get(10L).startsWith("invalid JSON"), reasons.get(10L));
        assertTrue(reasons.get(50L).contains("nickname: unknown field"), reasons.get(50L));
        assertTrue(reasons.get(100L).contains("emails[0]") && reasons.get(100L).contains("not-an-email"), reasons.get(100L));
        assertTrue(reasons.get(150L).contains("attributes.nope_" + u) && reasons.get(150L).contains("unknown attribute"), reasons.get(150L));
        assertTrue(reasons.get(200L).contains("attributes." + seats), reasons.get(200L));
        assertTrue(reasons.get(250L).contains("taken-" + u + "@example.com") && reasons.get(250L).contains(owner.id), reasons.get(250L));

        // the bad rows left nothing: no person, no tag only they named, the owner of the taken email unchanged
        for (int line : List.of(50, 150, 200, 250)) {
            assertTrue(people.findByEmail("bad" + line + "-" + u + "@example.com").isEmpty(), "line " + line);
        }
        assertTrue(people.list(null, "bad100-" + u, null, 5).data.isEmpty());
        assertTrue(tags.byNames(List.of("OnlyBad-" + u), false, "test").ids.isEmpty());
        assertEquals(List.of("taken-" + u + "@example.com"), people.get(owner.id).get().emails);

        // good rows: the person with its tags and typed attributes
        Person p7 = people.findByEmail(email(7)).orElseThrow();
        assertEquals("Person 7", p7.name);
        assertEquals("Berlin", p7.location.city);
        assertNull(p7.externalId);
        assertEquals(Set.of("VIP-" + u, "Group1-" + u), tagNames(p7.id));
        Map<String, Object> v7 = attributes.values(Models.PERSON, p7.id);
        assertEquals("pro", v7.get(plan));
        assertEquals(0, new BigDecimal("7").compareTo(new BigDecimal(v7.get(seats).toString())), v7.toString());
        assertEquals(false, v7.get(beta));
        Person p8 = people.list(null, "ext-" + u + "-8", null, 5).data.get(0);
        assertEquals(List.of(email(8)), p8.emails);
        assertEquals(true, attributes.values(Models.PERSON, p8.id).get(beta));
        String vip = tags.byNames(List.of("VIP-" + u), false, "test").ids.get("VIP-" + u);
        assertEquals(ROWS - bad.size(), tags.get(vip).get().peopleCount);

        // the same file again: every good row updates its person (by external id or by email), none is duplicated
        Map<String, Object> again = awaitDone(startImport(file.toString(), "application/x-ndjson"));
        assertEquals("completed", again.get("state"), again.toString());
        assertEquals(0L, again.get("rows_created"), again.toString());
        assertEquals((long) ROWS - bad.size(), again.get("rows_updated"));
        assertEquals((long) bad.size(), again.get("rows_failed"));
        assertEquals(p7.id, people.findByEmail(email(7)).orElseThrow().id);
        assertEquals(1, people.list(email(7), null, null, 5).data.size());
        assertEquals(p8.id, people.list(null, "ext-" + u + "-8", null, 5).data.get(0).id);
        assertEquals(ROWS - bad.size(), tags.get(vip).get().peopleCount);

        // a row updates only the fields it has: by external id, with new emails, the name kept
        String change = "{\"external_id\":\"ext-" + u + "-8\",\"emails\":[\"moved-" + u + "@example.com\"],\"tags\":[\"Moved-" + u + "\"],"
                + "\"attributes\":{\"" + seats + "\":99}}\n{\"emails\":[\"" + email(7) + "\"],\"location\":{\"city\":\"Paris\"}}\n";
        Map<String, Object> third = awaitDone(startImport(change, "application/x-ndjson"));
        assertEquals(2L, third.get("rows_updated"), third.toString());
        Person moved = people.get(p8.id).orElseThrow();
        assertEquals(List.of("moved-" + u + "@example.com"), moved.emails);
        assertEquals("Person 8", moved.name);
        assertEquals(Set.of("VIP-" + u, "Group2-" + u, "Moved-" + u), tagNames(p8.id));
        assertEquals(0, new BigDecimal("99").compareTo(new BigDecimal(attributes.values(Models.PERSON, p8.id).get(seats).toString())));
        assertEquals("pro", attributes.values(Models.PERSON, p8.id).get(plan));
        Person paris = people.get(p7.id).orElseThrow();
        assertEquals("Paris", paris.location.city);
        assertEquals("DE", paris.location.country);
    }

    @Test
    void csvMapsHeaderColumnsToFieldsTagsAndTypedAttributes() throws Exception {
        String csv = "name,email,external_id,city,country,tags,attributes." + plan + ",attributes." + seats + ",attributes." + beta + "\r\n"
                + "Ann Csv,ann-" + u + "@example.com,csv-" + u + "-1,Lyon,FR,Csv-" + u + ";VIP-" + u + ",basic,12,yes\r\n"
                + "\"Doe, Jo\",jo-" + u + "@example.com,,,,Csv-" + u + ",,3.5,false\r\n"
                + "Bad Seats,bad-" + u + "@example.com,,,,,,lots,\r\n";
        Map<String, Object> job = awaitDone(startImport(csv, "text/csv; charset=utf-8"));
        assertEquals("completed", job.get("state"), job.toString());
        assertEquals(3L, job.get("rows_total"));
        assertEquals(2L, job.get("rows_done"));
        assertEquals(1L, job.get("rows_failed"));
        Map<Long, String> reasons = errors(job);
        assertEquals(Set.of(4L), reasons.keySet());
        assertTrue(reasons.get(4L).contains("attributes." + seats + ": 'lots' is not a number"), reasons.get(4L));
        assertTrue(people.findByEmail("bad-" + u + "@example.com").isEmpty());

        Person ann = people.list(null, "csv-" + u + "-1", null, 5).data.get(0);
        assertEquals("Ann Csv", ann.name);
        assertEquals(List.of("ann-" + u + "@example.com"), ann.emails);
        assertEquals("Lyon", ann.location.city);
        assertEquals("FR", ann.location.country);
        assertEquals(Set.of("Csv-" + u, "VIP-" + u), tagNames(ann.id));
        Map<String, Object> values = attributes.values(Models.PERSON, ann.id);
        assertEquals("basic", values.get(plan));
        assertEquals(0, new BigDecimal("12").compareTo(new BigDecimal(values.get(seats).toString())));
        assertEquals(true, values.get(beta));
        Person jo = people.findByEmail("jo-" + u + "@example.com").orElseThrow();
        assertEquals("Doe, Jo", jo.name);
        assertEquals(0, new BigDecimal("3.5").compareTo(new BigDecimal(attributes.values(Models.PERSON, jo.id).get(seats).toString())));
        assertEquals(false, attributes.values(Models.PERSON, jo.id).get(beta));
    }

    @Test
    void wrongRequestsAnswerTheirStatus() throws Exception {
        HttpResponse<String> json = send("POST", "/api/v1/people/import", "application/json", "{\"name\":\"x\"}", http.adminToken);
        assertEquals(415, json.statusCode(), json.body());
        assertTrue(json.body().contains("application/x-ndjson"), json.body());
        assertEquals(415, send("POST", "/api/v1/people/import", "text/plain", "name\n", http.adminToken).statusCode());
        assertEquals(415, send("POST", "/api/v1/people/import", "text/csv; charset=iso-8859-1", "name\n", http.adminToken).statusCode());
        HttpResponse<String> empty = send("POST", "/api/v1/people/import", "application/x-ndjson", "", http.adminToken);
        assertEquals(400, empty.statusCode(), empty.body());
        HttpResponse<String> header = send("POST", "/api/v1/people/import", "text/csv", "name,mail\nAnn,a@x.io\n", http.adminToken);
        assertEquals(400, header.statusCode(), header.body());
        assertTrue(header.body().contains("mail"), header.body());
        assertEquals(401, send("POST", "/api/v1/people/import", "application/x-ndjson", row(1), "rpt_not_a_token").statusCode());

        HttpResponse<String> unknown = send("GET", "/api/v1/jobs/job_unknown", null, null, http.adminToken);
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals(404, send("GET", "/api/v1/jobs/job_unknown/errors", null, null, http.adminToken).statusCode());
        assertEquals(404, send("GET", "/api/v1/jobs/job_unknown/errors?cursor=garbage", null, null, http.adminToken).statusCode(),
                "an unknown job is 404 before its cursor is looked at");
        assertEquals(400, send("GET", "/api/v1/jobs?limit=0", null, null, http.adminToken).statusCode());
    }

    @Test
    void agentsImportAndErrorsArePaged() throws Exception {
        TagsNotesApi api = new TagsNotesApi(http);
        String agent = (String) api.newToken("import agent " + u, "agent").get("token");
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            file.append("{\"emails\":[\"nope-").append(i).append("\"]}\n");
        }
        file.append(row(6));
        HttpResponse<String> started = send("POST", "/api/v1/people/import", "application/x-ndjson", file.toString(), agent);
        assertEquals(202, started.statusCode(), started.body());
        Map<String, Object> job = awaitDone(started);
        assertEquals("import agent " + u, job.get("created_by"));
        assertEquals(1L, job.get("rows_done"));
        assertEquals(5L, job.get("rows_failed"));

        List<Long> lines = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> page = send("GET", "/api/v1/jobs/" + job.get("id") + "/errors?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    null, null, agent);
            assertEquals(200, page.statusCode(), page.body());
            Map<String, Object> body = object(page.body());
            for (Object e : (List<?>) body.get("data")) {
                lines.add((Long) ((Map<?, ?>) e).get("line"));
            }
            cursor = (String) body.get("next_cursor");
        } while (cursor != null);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), lines);
        HttpResponse<String> badCursor = send("GET", "/api/v1/jobs/" + job.get("id") + "/errors?cursor=garbage", null, null, agent);
        assertEquals(400, badCursor.statusCode(), badCursor.body());
        assertTrue(badCursor.body().contains("\"field\":\"cursor\""), badCursor.body());

        HttpResponse<String> list = send("GET", "/api/v1/jobs?limit=1", null, null, agent);
        assertEquals(200, list.statusCode(), list.body());
        assertEquals(job.get("id"), ((Map<?, ?>) ((List<?>) object(list.body()).get("data")).get(0)).get("id"));
    }

    @Test
    void importBodiesMayBeLargerThanJsonBodies() throws Exception {
        // over the 1 MiB of max.body.bytes: blank lines, which cost nothing to import
        String body = row(1) + "\n" + "\n".repeat(1_200_000) + row(2) + "\n";
        Map<String, Object> job = awaitDone(startImport(body, "application/x-ndjson"));
        assertEquals(2L, job.get("rows_total"), job.toString());
        assertEquals(2L, job.get("rows_done"));
    }

    @Test
    void aFileOfBadRowsKeepsFewErrorsAndALargeJobLetsASmallOnePass() throws Exception {
        io.rapport.itests.channels.Configs configs = new io.rapport.itests.channels.Configs(
                org.osgi.framework.FrameworkUtil.getBundle(ImportIT.class).getBundleContext());
        Runnable restore = configs.set("io.rapport.imports", Map.of("max.error.rows", 5, "turn.millis", 50L, "batch.size", 50));
        try {
            Thread.sleep(500); // the import service restarts with its new configuration
            http.await("/api/v1/jobs?limit=1", 200, false);
            // 0.8 MB of {"x":1} lines used to store 100,000 error rows: now 5 are kept, all are counted
            Map<String, Object> bad = awaitDone(startImport("{\"x\":1}\n".repeat(3000), "application/x-ndjson"));
            assertEquals("completed", bad.get("state"), bad.toString());
            assertEquals(3000L, bad.get("rows_failed"));
            assertEquals(3000L, bad.get("errors_total"));
            assertEquals(5, ((List<?>) bad.get("errors")).size(), bad.toString());
            HttpResponse<String> kept = send("GET", "/api/v1/jobs/" + bad.get("id") + "/errors?limit=200", null, null, http.adminToken);
            assertEquals(5, ((List<?>) object(kept.body()).get("data")).size(), kept.body());

            // a large job started first does not hold up a small one started after it
            StringBuilder large = new StringBuilder();
            for (int i = 1; i <= 1500; i++) {
                large.append(row(10_000 + i)).append('\n');
            }
            HttpResponse<String> first = startImport(large.toString(), "application/x-ndjson");
            Map<String, Object> small = awaitDone(startImport(row(1) + "\n", "application/x-ndjson"));
            assertEquals("completed", small.get("state"), small.toString());
            Map<String, Object> largeNow = object(send("GET", "/api/v1/jobs/" + object(first.body()).get("id"), null, null,
                    http.adminToken).body());
            assertEquals("running", largeNow.get("state"), "the small job ended while the large one still ran: " + largeNow);
            assertEquals("completed", awaitDone(first).get("state"));
        } finally {
            restore.run();
            configs.close();
            Thread.sleep(500);
        }
    }

    // ---- helpers

    private String email(int line) {
        return "p" + line + "-" + u + "@example.com";
    }

    /** A good row: every even line has an external id; tags VIP and one of three groups; three attributes. */
    private String row(int line) {
        return "{\"name\":\"Person " + line + "\",\"emails\":[\"" + email(line) + "\"]"
                + (line % 2 == 0 ? ",\"external_id\":\"ext-" + u + "-" + line + "\"" : "")
                + ",\"phones\":[\"+49301234" + (1000 + line) + "\"],\"location\":{\"city\":\"Berlin\",\"country\":\"DE\"}"
                + ",\"tags\":[\"VIP-" + u + "\",\"Group" + (line % 3) + "-" + u + "\"]"
                + ",\"attributes\":{\"" + plan + "\":\"pro\",\"" + seats + "\":" + line + ",\"" + beta + "\":" + (line % 2 == 0) + "}}";
    }

    private String define(String key, String type) {
        AttributeDefinitionData d = new AttributeDefinitionData();
        d.key = key;
        d.model = Models.PERSON;
        d.label = key;
        d.type = type;
        attributes.define(d, "test");
        return key;
    }

    private Set<String> tagNames(String personId) {
        return tags.tagsOf(Models.PERSON, personId).stream().map((Tag t) -> t.name).collect(Collectors.toCollection(TreeSet::new));
    }

    private HttpResponse<String> startImport(String body, String type) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/people/import", type, body, http.adminToken);
        assertEquals(202, r.statusCode(), r.body());
        return r;
    }

    /** Follows the job of a 202 until it ends; its percent never goes back. */
    private Map<String, Object> awaitDone(HttpResponse<String> accepted) throws Exception {
        Map<String, Object> job = object(accepted.body());
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertTrue(location.endsWith("/api/v1/jobs/" + job.get("id")), location);
        assertTrue(List.of("queued", "running", "completed").contains(job.get("state")), job.toString());
        long deadline = System.currentTimeMillis() + 25_000;
        long percent = 0;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = send("GET", URI.create(location).getPath(), null, null, http.adminToken);
            assertEquals(200, r.statusCode(), r.body());
            job = object(r.body());
            long now = (Long) job.get("percent");
            assertTrue(now >= percent, "percent went back from " + percent + " to " + now);
            percent = now;
            if ("completed".equals(job.get("state")) || "failed".equals(job.get("state"))) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("The import did not end within 25 s: " + job);
    }

    /** Line to reason of every failed row, from the job and, the same, from its error pages. */
    private Map<Long, String> errors(Map<String, Object> job) throws Exception {
        Map<Long, String> reasons = new LinkedHashMap<>();
        for (Object e : (List<?>) job.get("errors")) {
            Map<?, ?> error = (Map<?, ?>) e;
            reasons.put((Long) error.get("line"), (String) error.get("reason"));
        }
        HttpResponse<String> page = send("GET", "/api/v1/jobs/" + job.get("id") + "/errors", null, null, http.adminToken);
        assertEquals(200, page.statusCode(), page.body());
        assertEquals(reasons.size(), ((List<?>) object(page.body()).get("data")).size());
        return reasons;
    }

    private HttpResponse<String> send(String method, String path, String type, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        return (Map<String, Object>) TagsNotesApi.Json.parse(json);
    }
}
