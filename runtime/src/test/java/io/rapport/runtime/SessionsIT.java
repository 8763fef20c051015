package io.rapport.runtime;

import static io.rapport.runtime.PeopleApiIT.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The dashboard's side of the API over real HTTP: setting up the first admin, users and sessions (the cookie,
 * its attributes, the CSRF token, roles, passwords, deactivation, the last admin), and the change stream
 * (server-sent events, resumed with Last-Event-ID).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionsIT {
    private RapportProcess rapport;
    private RapportProcess.Api api;

    @BeforeAll
    void start() throws Exception {
        rapport = new RapportProcess(Files.createTempDirectory("rapport-sessions")).start();
        api = rapport.api();
    }

    @AfterAll
    void stop() throws Exception {
        if (rapport != null) {
            rapport.close();
        }
    }

    /** A browser's view: a session cookie and its CSRF token, no bearer token. */
    private final class Browser {
        String cookie;
        String csrf;

        HttpResponse<String> send(String method, String path, String body, boolean withCsrf) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rapport.base + path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                b.header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
            }
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            if (withCsrf && csrf != null) {
                b.header("X-CSRF-Token", csrf);
            }
            HttpResponse<String> r = RapportProcess.Api.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            r.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
            return r;
        }

        HttpResponse<String> send(String method, String path, String body) throws Exception {
            return send(method, path, body, true);
        }

        JsonNode signIn(String email, String password) throws Exception {
            HttpResponse<String> r = send("POST", "/api/v1/session", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode me = json(r);
            csrf = me.get("csrf_token").asText();
            return me;
        }
    }

    private static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return r.body().isEmpty() ? null : json(r);
    }

    private static String field(HttpResponse<String> r) throws Exception {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.headers().toString());
        return json(r).get("errors").get(0).get("field").asText();
    }

    private final Browser ada = new Browser();
    private String bobId;

    @Test
    @Order(1)
    void setUpTheFirstAdminOnce() throws Exception {
        Browser anonymous = new Browser();
        assertTrue(ok(anonymous.send("GET", "/api/v1/setup", null), 200).get("needed").asBoolean());
        assertEquals(401, anonymous.send("GET", "/api/v1/session", null).statusCode(), "nobody signed in");
        assertEquals(401, anonymous.send("GET", "/api/v1/people", null).statusCode(), "no cookie, no token: 401");

        HttpResponse<String> wrong = anonymous.send("POST", "/api/v1/setup",
                "{\"token\":\"rpt_wrong\",\"email\":\"ada@example.com\",\"name\":\"Ada\",\"password\":\"correct horse battery\"}");
        assertEquals(400, wrong.statusCode());
        assertEquals("token", field(wrong));
        HttpResponse<String> shortPassword = anonymous.send("POST", "/api/v1/setup",
                "{\"token\":\"" + rapport.adminToken + "\",\"email\":\"ada@example.com\",\"name\":\"Ada\",\"password\":\"short\"}");
        assertEquals("password", field(shortPassword));

        HttpResponse<String> made = ada.send("POST", "/api/v1/setup",
                "{\"token\":\"" + rapport.adminToken + "\",\"email\":\"Ada@Example.com\",\"name\":\"Ada Lovelace\",\"password\":\"correct horse battery\"}");
        JsonNode me = ok(made, 201);
        assertEquals("ada@example.com", me.get("email").asText());
        assertEquals("admin", me.get("role").asText());
        String setCookie = made.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith("rapport_session="), setCookie);
        for (String attribute : List.of("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=604800")) {
            assertTrue(setCookie.contains(attribute), setCookie + " has " + attribute);
        }
        assertFalse(setCookie.contains("Secure"), "not Secure over plain HTTP (the browser would drop it)");
        ada.csrf = me.get("csrf_token").asText();

        assertFalse(ok(anonymous.send("GET", "/api/v1/setup", null), 200).get("needed").asBoolean());
        assertEquals(409, new Browser().send("POST", "/api/v1/setup",
                "{\"token\":\"" + rapport.adminToken + "\",\"email\":\"eve@example.com\",\"name\":\"Eve\",\"password\":\"correct horse battery\"}").statusCode());
    }

    @Test
    @Order(2)
    void aSessionNeedsItsCsrfTokenToChangeAnything() throws Exception {
        JsonNode me = ok(ada.send("GET", "/api/v1/session", null), 200);
        assertEquals("Ada Lovelace", me.get("name").asText());
        assertEquals(ada.csrf, me.get("csrf_token").asText());
        ok(ada.send("GET", "/api/v1/people", null), 200);

        HttpResponse<String> forged = ada.send("POST", "/api/v1/people", "{\"name\":\"Forged\"}", false);
        assertEquals(403, forged.statusCode(), "a cross-site form cannot send the header");
        assertTrue(json(forged).get("detail").asText().contains("X-CSRF-Token"), forged.body());
        Browser withAWrongToken = new Browser();
        withAWrongToken.cookie = ada.cookie;
        withAWrongToken.csrf = "not-the-token";
        HttpResponse<String> wrongToken = withAWrongToken.send("POST", "/api/v1/people", "{\"name\":\"Forged\"}");
        assertEquals(403, wrongToken.statusCode());
        assertEquals(0, json(api.get("/api/v1/people")).get("data").size(), "nothing was made");

        String id = ok(ada.send("POST", "/api/v1/people", "{\"name\":\"Grace Hopper\"}"), 201).get("id").asText();
        // the user's name is the actor of the change, as a token's name is
        JsonNode timeline = json(api.get("/api/v1/people/" + id + "/timeline"));
        assertEquals("Ada Lovelace", timeline.get("data").get(0).get("actor").asText(), timeline.toString());

        // a bearer token has no session and needs no CSRF token
        assertEquals(404, api.get("/api/v1/session").statusCode());
        assertEquals(201, api.post("/api/v1/people", "{\"name\":\"By token\"}").statusCode());
    }

    @Test
    @Order(3)
    void adminsManageUsersAgentsTheirOwnAccount() throws Exception {
        HttpResponse<String> bad = ada.send("POST", "/api/v1/users", "{\"email\":\"not-an-email\",\"name\":\"\",\"password\":\"short\",\"role\":\"boss\"}");
        assertEquals(400, bad.statusCode());
        List<String> fields = new ArrayList<>();
        json(bad).get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertEquals(List.of("email", "name", "password", "role"), fields.stream().sorted().toList());

        JsonNode bob = ok(ada.send("POST", "/api/v1/users",
                "{\"email\":\"bob@example.com\",\"name\":\"Bob\",\"password\":\"bobs long password\",\"role\":\"agent\"}"), 201);
        bobId = bob.get("id").asText();
        assertFalse(bob.has("password") || bob.has("password_hash"), "no password or hash is ever answered: " + bob);
        assertEquals(409, ada.send("POST", "/api/v1/users", "{\"email\":\"BOB@example.com\",\"name\":\"Bob 2\",\"password\":\"bobs long password\"}")
                .statusCode(), "an email is one user");

        Browser bobs = new Browser();
        assertEquals(401, bobs.send("POST", "/api/v1/session", "{\"email\":\"bob@example.com\",\"password\":\"wrong password!\"}").statusCode());
        assertEquals("agent", bobs.signIn("bob@example.com", "bobs long password").get("role").asText());
        assertEquals(403, bobs.send("GET", "/api/v1/users", null).statusCode(), "agents do not list users");
        assertEquals(403, bobs.send("PATCH", "/api/v1/users/" + bobId, "{\"role\":\"admin\"}").statusCode(), "nor make themselves admin");
        assertEquals(403, bobs.send("GET", "/api/v1/tokens", null).statusCode(), "an agent's session is an agent, as a token");
        assertEquals("Bob Agent", ok(bobs.send("PATCH", "/api/v1/users/" + bobId, "{\"name\":\"Bob Agent\"}"), 200).get("name").asText());
        assertEquals("current_password", field(bobs.send("PATCH", "/api/v1/users/" + bobId, "{\"password\":\"a new long password\"}")));
        ok(bobs.send("PATCH", "/api/v1/users/" + bobId, "{\"password\":\"a new long password\",\"current_password\":\"bobs long password\"}"), 200);

        // an admin changing their own password gives the current one too; resetting another's does not need it
        String adaId = ok(ada.send("GET", "/api/v1/session", null), 200).get("id").asText();
        assertEquals("current_password", field(ada.send("PATCH", "/api/v1/users/" + adaId, "{\"password\":\"another long password\"}")));
        ok(ada.send("PATCH", "/api/v1/users/" + bobId, "{\"password\":\"reset by ada 123\"}"), 200);
        assertEquals(401, bobs.send("GET", "/api/v1/people", null).statusCode(), "a new password signs the user's browsers out");
        bobs.signIn("bob@example.com", "reset by ada 123");

        // deactivated: out at once, and cannot sign in
        ok(ada.send("PATCH", "/api/v1/users/" + bobId, "{\"active\":false}"), 200);
        assertEquals(401, bobs.send("GET", "/api/v1/people", null).statusCode());
        assertEquals(401, new Browser().send("POST", "/api/v1/session", "{\"email\":\"bob@example.com\",\"password\":\"reset by ada 123\"}").statusCode());

        // the last active admin stays
        assertEquals(409, ada.send("PATCH", "/api/v1/users/" + adaId, "{\"role\":\"agent\"}").statusCode());
        assertEquals(409, ada.send("DELETE", "/api/v1/users/" + adaId, null).statusCode());
        ok(ada.send("DELETE", "/api/v1/users/" + bobId, null), 204);
    }

    @Test
    @Order(4)
    void theChangeStreamFollowsTheLogAndResumes() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(rapport.base + "/api/v1/changes/stream")).header("Cookie", ada.cookie)
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> stream = RapportProcess.Api.CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String id = ok(ada.send("POST", "/api/v1/people", "{\"name\":\"Live One\"}"), 201).get("id").asText();
            String[] event = nextChange(lines, id);
            long seq = Long.parseLong(event[0]);
            assertTrue(event[1].contains("\"model\":\"person\"") && event[1].contains("Ada Lovelace"), event[1]);

            // a client that comes back with the last id it saw gets what it missed
            String second = ok(ada.send("PATCH", "/api/v1/people/" + id, "{\"name\":\"Live Two\"}"), 200).get("id").asText();
            HttpRequest resume = HttpRequest.newBuilder(URI.create(rapport.base + "/api/v1/changes/stream"))
                    .header("Authorization", "Bearer " + rapport.adminToken).header("Last-Event-ID", String.valueOf(seq)).build();
            HttpResponse<InputStream> again = RapportProcess.Api.CLIENT.send(resume, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader more = new BufferedReader(new InputStreamReader(again.body(), StandardCharsets.UTF_8))) {
                String[] missed = nextChange(more, second);
                assertTrue(Long.parseLong(missed[0]) > seq);
            }
        }
        assertEquals(400, api.get("/api/v1/changes/stream?after=yesterday").statusCode());
    }

    /** Reads events until a change about {@code subjectId}: {id, data}. */
    private static String[] nextChange(BufferedReader lines, String subjectId) throws Exception {
        CompletableFuture<String[]> found = CompletableFuture.supplyAsync(() -> {
            try {
                String id = null;
                String event = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:") && "change".equals(event) && line.contains(subjectId)) {
                        return new String[] { id, line.substring(5).trim() };
                    } else if (line.isEmpty()) {
                        id = null;
                        event = null;
                    }
                }
                throw new AssertionError("the stream ended");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        return found.get(15, TimeUnit.SECONDS);
    }

    @Test
    @Order(5)
    void signingOutEndsTheSession() throws Exception {
        String cookie = ada.cookie;
        ok(ada.send("DELETE", "/api/v1/session", null), 204);
        Browser old = new Browser();
        old.cookie = cookie;
        assertEquals(401, old.send("GET", "/api/v1/people", null).statusCode(), "the old cookie is worth nothing");
    }
}
