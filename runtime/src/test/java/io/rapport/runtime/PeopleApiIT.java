package io.rapport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The whole people API over HTTP against the exported jar, every error case, and a restart. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeopleApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RapportProcess rapport;
    private RapportProcess.Api api;

    @BeforeAll
    void start() throws Exception {
        // debug for the REST bundle, to see that a client hanging up was met (and logged at debug only)
        rapport = new RapportProcess(Files.createTempDirectory("rapport-e2e")).start("-Dorg.slf4j.simpleLogger.log.io.rapport.rest=debug");
        api = rapport.api();
        System.out.println("Started in " + rapport.startMillis + " ms (process start to first people API 200, fresh home)");
    }

    @AfterAll
    void stop() throws Exception {
        rapport.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** Every error is problem+json with status, title, a detail, and never a stack trace. */
    static JsonNode problem(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0], r.body());
        JsonNode p = json(r);
        assertEquals(status, p.get("status").asInt());
        assertFalse(p.get("title").asText().isEmpty());
        assertFalse(p.get("detail").asText().isEmpty());
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat ") || r.body().contains(".java:"), r.body());
        return p;
    }

    static String field(JsonNode problem) {
        return problem.get("errors").get(0).get("field").asText();
    }

    private JsonNode create(String body) throws Exception {
        HttpResponse<String> r = api.post("/api/v1/people", body);
        assertEquals(201, r.statusCode(), r.body());
        return json(r);
    }

    @Test
    void createReadUpdateListDelete() throws Exception {
        HttpResponse<String> created = api.post("/api/v1/people",
                "{\"name\":\"Ada Lovelace\",\"emails\":[\"Ada@Example.com\"],\"phones\":[\"+44 20 7946 0958\"],"
                        + "\"avatar_url\":\"https://example.com/ada.png\",\"external_id\":\"crm-ada\",\"location\":{\"city\":\"London\"}}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode ada = json(created);
        String id = ada.get("id").asText();
        assertEquals("/api/v1/people/" + id, java.net.URI.create(created.headers().firstValue("Location").orElseThrow()).getPath());
        assertEquals("ada@example.com", ada.get("emails").get(0).asText());
        assertEquals("London", ada.get("location").get("city").asText());
        assertEquals("manual", ada.get("location").get("source").asText(), "written by a client, not resolved from an address");
        assertTrue(ada.get("created_at").asText().endsWith("Z"), "ISO 8601 UTC");

        HttpResponse<String> read = api.get("/api/v1/people/" + id);
        assertEquals(200, read.statusCode());
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertEquals("Ada Lovelace", json(read).get("name").asText());

        HttpResponse<String> patched = api.patch("/api/v1/people/" + id,
                "{\"name\":\"Ada King\",\"location\":{\"country\":\"GB\"},\"avatar_url\":null}", "If-Match", etag);
        assertEquals(200, patched.statusCode(), patched.body());
        JsonNode king = json(patched);
        assertEquals("Ada King", king.get("name").asText());
        assertEquals("London", king.get("location").get("city").asText(), "merge patch keeps what it does not name");
        assertEquals("GB", king.get("location").get("country").asText());
        assertTrue(king.get("avatar_url").isNull(), "null removes");
        String newEtag = patched.headers().firstValue("ETag").orElseThrow();
        assertFalse(newEtag.equals(etag));

        create("{\"name\":\"Later\",\"emails\":[\"later@example.com\"]}");
        JsonNode list = json(api.get("/api/v1/people"));
        assertEquals("Later", list.get("data").get(0).get("name").asText(), "newest first");
        assertTrue(list.has("next_cursor"));

        JsonNode byEmail = json(api.get("/api/v1/people?email=ADA@example.com"));
        assertEquals(1, byEmail.get("data").size());
        assertEquals(id, byEmail.get("data").get(0).get("id").asText());
        JsonNode byExternal = json(api.get("/api/v1/people?external_id=crm-ada"));
        assertEquals(id, byExternal.get("data").get(0).get("id").asText());
        assertEquals(0, json(api.get("/api/v1/people?email=nobody@example.com")).get("data").size());

        assertEquals(204, api.delete("/api/v1/people/" + id, "If-Match", newEtag).statusCode());
        problem(api.get("/api/v1/people/" + id), 404);
    }

    @Test
    void pagesWithLimitAndCursor() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, create("{\"name\":\"Page " + i + "\",\"emails\":[\"page" + i + "@example.com\"]}").get("id").asText());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json(api.get("/api/v1/people?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)));
            assertTrue(page.get("data").size() <= 2);
            page.get("data").forEach(p -> seen.add(p.get("id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        List<String> mine = new ArrayList<>(seen);
        mine.retainAll(ids);
        assertEquals(ids, mine);
    }

    @Test
    void upsertByExternalId() throws Exception {
        HttpResponse<String> first = api.send("PUT", "/api/v1/people?external_id=crm-42", "application/json",
                "{\"name\":\"Upserted\",\"emails\":[\"upsert@example.com\"]}");
        assertEquals(201, first.statusCode(), first.body());
        HttpResponse<String> second = api.send("PUT", "/api/v1/people?external_id=crm-42", "application/json",
                "{\"name\":\"Upserted again\"}");
        assertEquals(200, second.statusCode(), second.body());
        assertEquals(json(first).get("id"), json(second).get("id"));
        assertEquals(0, json(second).get("emails").size(), "PUT replaces every field");
        problem(api.send("PUT", "/api/v1/people", "application/json", "{}"), 400);
    }

    @Test
    void badInputGetsAClearProblemAndChangesNothing() throws Exception {
        JsonNode existing = create("{\"name\":\"Taken\",\"emails\":[\"taken@example.com\"],\"external_id\":\"crm-taken\"}");
        String id = existing.get("id").asText();

        problem(api.post("/api/v1/people", "{\"name\": \"x\""), 400);
        problem(api.post("/api/v1/people", "[1,2]"), 400);
        problem(api.post("/api/v1/people", ""), 400);
        problem(api.post("/api/v1/people", "null"), 400);
        problem(api.patch("/api/v1/people/" + id, "null"), 400);
        assertEquals("external_id", field(problem(api.send("PUT", "/api/v1/people?external_id=" + "x".repeat(300),
                "application/json", "{}"), 400)));
        assertEquals("nickname", field(problem(api.post("/api/v1/people", "{\"nickname\":\"x\"}"), 400)));
        assertEquals("emails[0]", field(problem(api.post("/api/v1/people", "{\"emails\":[\"nope\"]}"), 400)));
        assertEquals("emails", field(problem(api.post("/api/v1/people", "{\"emails\":\"a@b.co\"}"), 400)));
        assertEquals("phones[0]", field(problem(api.post("/api/v1/people", "{\"phones\":[\"call me\"]}"), 400)));
        assertEquals("avatar_url", field(problem(api.post("/api/v1/people", "{\"avatar_url\":\"javascript:x\"}"), 400)));
        assertEquals("location.planet", field(problem(api.post("/api/v1/people", "{\"location\":{\"planet\":\"Mars\"}}"), 400)));
        assertEquals("location.source", field(problem(api.post("/api/v1/people", "{\"location\":{\"city\":\"Paris\",\"source\":\"gps\"}}"), 400)));
        assertEquals("location.ip", field(problem(api.post("/api/v1/people", "{\"location\":{\"city\":\"Paris\",\"source\":\"ip\"}}"), 400)));
        assertEquals("name", field(problem(api.post("/api/v1/people", "{\"name\":" + "\"" + "x".repeat(300) + "\"}"), 400)));

        JsonNode dup = problem(api.post("/api/v1/people", "{\"emails\":[\"TAKEN@example.com\"]}"), 409);
        assertTrue(dup.get("detail").asText().contains(id), dup.toString());
        assertEquals("emails", field(dup));
        assertEquals("external_id", field(problem(api.post("/api/v1/people", "{\"external_id\":\"crm-taken\"}"), 409)));

        problem(api.get("/api/v1/people/per_doesnotexist"), 404);
        problem(api.patch("/api/v1/people/per_doesnotexist", "{\"name\":\"x\"}"), 404);
        problem(api.delete("/api/v1/people/per_doesnotexist"), 404);
        problem(api.get("/api/v1/nothing-here"), 404);

        assertEquals("id", field(problem(api.patch("/api/v1/people/" + id, "{\"id\":\"per_other\"}"), 400)));
        assertEquals("created_at", field(problem(api.patch("/api/v1/people/" + id, "{\"created_at\":\"2020-01-01T00:00:00Z\"}"), 400)));
        problem(api.patch("/api/v1/people/" + id, "{\"name\":\"x\"}", "If-Match", "\"999\""), 412);
        problem(api.patch("/api/v1/people/" + id, "{\"name\":\"x\"}", "If-Match", "garbage"), 412);
        problem(api.delete("/api/v1/people/" + id, "If-Match", "\"999\""), 412);

        problem(api.send("POST", "/api/v1/people", "text/plain", "name=x"), 415);
        String tooLarge = "{\"name\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
        for (int i = 0; i < 5; i++) { // the body is drained before the answer, so the client gets the 413 every time
            problem(api.post("/api/v1/people", tooLarge), 413);
        }
        // without a Content-Length (chunked) it is counted as it arrives: also 413, not a JSON error
        HttpResponse<String> chunked = RapportProcess.Api.CLIENT.send(HttpRequest.newBuilder(URI.create(rapport.base + "/api/v1/people"))
                .header("Authorization", "Bearer " + api.token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLarge.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(problem(chunked, 413).get("detail").asText().contains("max.body.bytes"), chunked.body());

        assertEquals("limit", field(problem(api.get("/api/v1/people?limit=0"), 400)));
        assertEquals("limit", field(problem(api.get("/api/v1/people?limit=201"), 400)));
        assertEquals("limit", field(problem(api.get("/api/v1/people?limit=many"), 400)));
        assertEquals("cursor", field(problem(api.get("/api/v1/people?cursor=not-a-cursor"), 400)));
        assertEquals("email", field(problem(api.get("/api/v1/people?email=not-an-email"), 400)));

        // nothing of the above changed the person
        JsonNode after = json(api.get("/api/v1/people/" + id));
        assertEquals("Taken", after.get("name").asText());
        assertEquals(existing.get("updated_at"), after.get("updated_at"));
    }

    /** A client that hangs up before its answer is written is no error of ours: nothing in the log, and the API goes on. */
    @Test
    void aClientThatHangsUpMidAnswerIsNoIncident() throws Exception {
        // a page larger than the server's output buffer, so it is written while the resource answers
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            rows.append("{\"name\":\"Hang Up ").append(i).append(" ").append("z".repeat(200)).append("\",\"emails\":[\"hangup.").append(i)
                    .append("@example.com\"]}\n");
        }
        HttpResponse<String> job = api.send("POST", "/api/v1/people/import", "application/x-ndjson", rows.toString());
        assertEquals(202, job.statusCode(), job.body());
        long deadline = System.currentTimeMillis() + 30_000;
        while (json(api.get("/api/v1/people?limit=200")).get("data").size() < 200) {
            assertTrue(System.currentTimeMillis() < deadline, "the import did not finish");
            Thread.sleep(100);
        }
        int logStart = rapport.logText().length();
        URI uri = URI.create(rapport.base);
        for (int i = 0; i < 10; i++) {
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
                socket.getOutputStream().write(("GET /api/v1/people?limit=200 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + api.token
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.setSoLinger(true, 0); // close at once with a reset, as a killed client does: before the answer is written
            }
        }
        assertEquals(200, api.get("/api/v1/people?limit=200").statusCode());
        deadline = System.currentTimeMillis() + 10_000;
        while (!rapport.logText().substring(logStart).contains("closed the connection before the answer was written")) {
            assertTrue(System.currentTimeMillis() < deadline, "no answer met a closed connection: " + rapport.logText().substring(logStart));
            Thread.sleep(100);
        }
        String log = rapport.logText().substring(logStart);
        assertFalse(log.contains("Incident") || log.contains(" ERROR ") || log.contains("has thrown exception"), log);
    }

    @Test
    void tokensAndRoles() throws Exception {
        problem(api.as(null).get("/api/v1/people"), 401);
        HttpResponse<String> noToken = api.as(null).get("/api/v1/people");
        assertTrue(noToken.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        problem(api.as("rpt_wrong").get("/api/v1/people"), 401);
        problem(api.send("GET", "/api/v1/people", null, null, "Authorization", "Basic YTpi"), 401);

        HttpResponse<String> created = api.post("/api/v1/tokens", "{\"name\":\"support agent\",\"role\":\"agent\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode token = json(created);
        String secret = token.get("token").asText();
        RapportProcess.Api agent = api.as(secret);
        assertEquals(200, agent.get("/api/v1/people").statusCode());
        problem(agent.get("/api/v1/tokens"), 403);
        problem(agent.post("/api/v1/tokens", "{\"name\":\"sneaky\",\"role\":\"admin\"}"), 403);
        assertEquals("role", field(problem(api.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"root\"}"), 400)));

        JsonNode listed = json(api.get("/api/v1/tokens"));
        assertFalse(listed.toString().contains(secret), "secrets are never listed");
        assertEquals(204, api.delete("/api/v1/tokens/" + token.get("id").asText()).statusCode());
        problem(agent.get("/api/v1/people"), 401);
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        HttpResponse<String> health = api.as(null).get("/health");
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("UP", json(health).get("status").asText());
    }

    @Test
    void theAdminTokenFileIsReadableOnlyByItsOwner() throws Exception {
        Path token = rapport.home.resolve("data/admin-token");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
        String log = rapport.logText();
        assertTrue(log.contains(token.toString()), "the log says where the token is");
        assertFalse(log.contains(rapport.adminToken), "the log never shows the token");
    }
}
