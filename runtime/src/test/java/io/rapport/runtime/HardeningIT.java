package io.rapport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The attacks of the hardening issue, each tried on the real runtime over real sockets: what a client can
 * send without a token, or with one, must neither take the server down nor make it answer anything but a
 * small problem+json.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HardeningIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RapportProcess rapport;
    private static RapportProcess.Api api;
    private static Path tmp;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Path home = Files.createTempDirectory("rapport-hardening");
        tmp = Files.createDirectories(home.resolve("tmp"));
        // the currency plugin, installable by name (it parses what clients send: the 120 MB answer was its message)
        Path repository = Paths.get(System.getProperty("rapport.repository", "repository"));
        Files.createDirectories(home.resolve("features"));
        Files.copy(repository.getParent().resolve("features/rapport-currency.json"), home.resolve("features/rapport-currency.json"));
        try (Stream<Path> files = Files.walk(repository)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = home.resolve("repository").resolve(repository.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        // its own temporary folder, to see that nothing of a refused upload is written there
        rapport = new RapportProcess(home).start("-Djava.io.tmpdir=" + tmp);
        api = rapport.api();
        port = URI.create(rapport.base).getPort();
        assertEquals(201, api.post("/api/v1/plugins", "{\"feature\": \"rapport-currency\"}").statusCode());
        long deadline = System.currentTimeMillis() + 20_000;
        HttpResponse<String> budget;
        do {
            Thread.sleep(100);
            budget = api.post("/api/v1/attributes", "{\"model\":\"person\",\"key\":\"budget\",\"label\":\"Budget\",\"type\":\"currency\",\"options\":[\"EUR\"]}");
        } while (budget.statusCode() != 201 && System.currentTimeMillis() < deadline);
        assertEquals(201, budget.statusCode(), budget.body());
    }

    @AfterAll
    static void stop() throws Exception {
        rapport.close();
    }

    /** One request on its own connection, as raw bytes; answers the raw answer (headers and body). */
    private static Raw raw(byte[] request) throws IOException {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            return Raw.read(s.getInputStream());
        }
    }

    record Raw(int status, String headers, byte[] body) {
        static Raw read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                if (head.size() >= 4 && new String(head.toByteArray(), StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(headers.substring(9, 12));
            int length = -1;
            boolean chunked = false;
            for (String line : headers.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (!chunked) {
                // without a length, the body ends with the connection
                return new Raw(status, headers, length >= 0 ? in.readNBytes(length) : in.readAllBytes());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line(in).trim(), 16);
                if (size == 0) {
                    line(in); // the empty line after the last chunk
                    return new Raw(status, headers, body.toByteArray());
                }
                body.write(in.readNBytes(size));
                line(in);
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return null;
        }
    }

    private static JsonNode problem(int status, String contentType, String body) throws IOException {
        assertTrue(contentType != null && contentType.startsWith("application/problem+json"), contentType + " " + body);
        JsonNode p = JSON.readTree(body);
        assertTrue(p.has("status"), "a problem: " + body);
        assertEquals(status, p.get("status").asInt(), body);
        assertTrue(p.get("title").isTextual() && p.get("detail").isTextual() && p.get("type").isTextual(), body);
        assertFalse(body.contains("Exception") || body.contains(".java") || body.contains("org.eclipse") || body.contains("at java."),
                "no internals: " + body);
        return p;
    }

    private static JsonNode problem(HttpResponse<String> r, int status) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        return problem(status, r.headers().firstValue("Content-Type").orElse(null), r.body());
    }

    private static JsonNode problem(Raw r, int status) throws IOException {
        assertEquals(status, r.status(), r.headers() + r.text());
        return problem(status, r.header("Content-Type"), r.text());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- 1. slow bodies

    @Test
    void clientsTricklingBodiesLeaveEveryoneElseAnswered() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket s = new Socket("localhost", port);
                String auth = i % 2 == 0 ? "Authorization: Bearer " + rapport.adminToken + "\r\n" : "";
                String path = i % 3 == 0 ? "/hooks/webhook" : "/api/v1/people";
                s.getOutputStream().write(ascii("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"));
                slow.add(s);
            }
            long worst = 0;
            for (int round = 0; round < 10; round++) {
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write(' ');
                    } catch (IOException answeredAndClosed) {
                        // the server answered this one already (401) and closed it
                    }
                }
                long t0 = System.nanoTime();
                assertEquals(200, api.as(null).get("/health").statusCode());
                assertEquals(200, api.get("/api/v1/people?limit=1").statusCode());
                worst = Math.max(worst, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                Thread.sleep(300);
            }
            assertTrue(worst < 1000, "health and the API answered within a second while 300 clients trickled bodies: " + worst + " ms");
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    // ---- 2. unauthenticated chunked bodies

    private static long bytesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void anUnauthenticatedUploadIsRefusedBeforeItsBodyIsRead() throws Exception {
        long before = bytesIn(tmp); // the launcher keeps its bundles there
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(ascii("POST /api/v1/people HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"));
            out.flush();
            // the answer comes before any of the body is sent
            Raw r = Raw.read(s.getInputStream());
            problem(r, 401);
            assertEquals("close", r.header("Connection"), "the connection is not kept: its body was never read");
            byte[] chunk = new byte[1 << 20];
            long sent = 0;
            try {
                for (int i = 0; i < 150; i++) {
                    out.write(ascii(Integer.toHexString(chunk.length) + "\r\n"));
                    out.write(chunk);
                    out.write(ascii("\r\n"));
                    sent += chunk.length;
                }
            } catch (IOException closed) {
                // the server closed the connection: the rest of the upload has nowhere to go
            }
            assertTrue(sent < 150L << 20, "the server stopped taking the upload (sent " + sent + " bytes)");
        }
        long stored = bytesIn(tmp) - before;
        assertTrue(stored < 1 << 20, "nothing of the upload was written to disk: " + stored + " bytes more in " + tmp);
    }

    @Test
    void bodiesOverTheLimitAre413WhetherDeclaredOrChunked() throws Exception {
        String big = "{\"name\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
        for (int i = 0; i < 3; i++) {
            problem(api.post("/api/v1/people", big), 413);
        }
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(ascii("POST /api/v1/people HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + rapport.adminToken
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
            try {
                for (int i = 0; i < 32; i++) { // 2 MiB in chunks of 64 KiB, as a client streams it
                    out.write(ascii("10000\r\n" + big.substring(i * 65536, (i + 1) * 65536) + "\r\n"));
                }
                out.write(ascii("0\r\n\r\n"));
            } catch (IOException closed) {
                // the server answered once the limit was passed and closed the connection
            }
            Raw chunked = Raw.read(s.getInputStream());
            assertTrue(problem(chunked, 413).get("detail").asText().contains("max.body.bytes"));
        }
    }

    // ---- 3 and 4: numbers that grow when written out

    @Test
    void hugeNumbersAreRefusedSmallAndFast() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> search = api.post("/api/v1/companies/search",
                "{\"query\":{\"field\":\"size\",\"operator\":\">\",\"value\":1e40000000}}");
        assertEquals("query.value", problem(search, 400).get("errors").get(0).get("field").asText());
        String person = JSON.readTree(api.post("/api/v1/people", "{\"name\":\"Budget\"}").body()).get("id").asText();
        HttpResponse<String> patch = api.patch("/api/v1/people/" + person, "{\"attributes\":{\"budget\":1e-60000000}}");
        assertEquals("attributes.budget", problem(patch, 400).get("errors").get(0).get("field").asText());
        assertTrue(patch.body().length() < 4096 && search.body().length() < 4096, "answers do not grow with the number");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 2000);
        // as precise as the JSON reader lets through: the currency plugin refuses it, and its message is cut
        HttpResponse<String> precise = api.patch("/api/v1/people/" + person, "{\"attributes\":{\"budget\":1e-999}}");
        problem(precise, 400);
        assertTrue(precise.body().length() < 4096, precise.body());
        // a large number that fits (1000 digits) is taken, and the answer is still small
        HttpResponse<String> fits = api.post("/api/v1/companies/search", "{\"query\":{\"field\":\"size\",\"operator\":\">\",\"value\":1e999}}");
        assertEquals(200, fits.statusCode(), fits.body());
    }

    // ---- 5. what used to show stack traces

    @Test
    void badContentTypesAre415ProblemsOnEveryPath() throws Exception {
        for (String path : List.of("/health", "/api/v1/people", "/nothing")) {
            for (String type : List.of("x; charset=\"", "/////", "application/json; =x", "\u00e9/x")) {
                Raw r = raw(("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + rapport.adminToken
                        + "\r\nContent-Type: " + type + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                assertTrue(r.status() == 415 || r.status() == 400, path + " " + type + ": " + r.status());
                problem(r, r.status());
            }
        }
    }

    // ---- 6. deep nesting

    @Test
    void deeplyNestedBodiesAre400() throws Exception {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        problem(api.patch("/api/v1/people/per_x", "{\"name\":" + deep + "}"), 400);
        problem(api.post("/api/v1/segments", "{\"name\":\"deep\",\"model\":\"person\",\"query\":" + "{\"and\":[".repeat(5000)
                + "]}".repeat(5000) + "}"), 400);
    }

    // ---- 9. invalid UTF-8

    @Test
    void invalidUtf8AndLoneSurrogatesAre400AndNothingIsStored() throws Exception {
        for (byte[] name : List.of(new byte[] { (byte) 0xc0, (byte) 0xbc, 's', (byte) 0xc0, (byte) 0xbe },
                new byte[] { (byte) 0xed, (byte) 0xa0, (byte) 0x80 }, ascii("\\ud800"), ascii("a\\udc00b"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(ascii("{\"name\":\""));
            body.write(name);
            body.write(ascii("\",\"emails\":[\"utf8-" + name.length + name[0] + "@example.com\"]}"));
            Raw r = raw(request("POST", "/api/v1/people", body.toByteArray()));
            problem(r, 400);
            assertEquals("[]", JSON.readTree(api.get("/api/v1/people?email=utf8-" + name.length + name[0] + "@example.com").body())
                    .get("data").toString());
        }
        problem(raw(ascii("GET /api/v1/people?email=%C0%BC HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + rapport.adminToken
                + "\r\nConnection: close\r\n\r\n")), 400);
        problem(raw(ascii("GET /api/v1/people?email=%ZZ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + rapport.adminToken
                + "\r\nConnection: close\r\n\r\n")), 400);
    }

    private static byte[] request(String method, String path, byte[] body) throws IOException {
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.write(ascii(method + " " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + rapport.adminToken
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n"));
        r.write(body);
        return r.toByteArray();
    }

    // ---- 10. the token on a reused connection

    @Test
    void aTokenInAnotherCaseIsRefusedOnAReusedConnection() throws Exception {
        String upper = rapport.adminToken.toUpperCase(Locale.ROOT);
        assertFalse(upper.equals(rapport.adminToken));
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(10_000);
            for (String token : List.of(rapport.adminToken, upper, rapport.adminToken, upper)) {
                s.getOutputStream().write(ascii("GET /api/v1/people?limit=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n"));
                Raw r = Raw.read(s.getInputStream());
                assertEquals(token.equals(upper) ? 401 : 200, r.status(), "on the same connection, with " + (token.equals(upper) ? "the upper-cased" : "the real") + " token");
            }
        }
    }

    // ---- 11. errors from every layer

    @Test
    void errorsBelowTheApiAreProblemsToo() throws Exception {
        problem(raw(ascii("GET /api/v1/people/..%2f..%2fhealth HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 400);
        problem(raw(ascii("GET /api/v1/..;/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 400);
        problem(raw(ascii("GET /api/v1/people/%XX HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 400);
        problem(raw(ascii("GET /a\u0001b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 400);
        problem(raw(ascii("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n")), 431);
        problem(raw(ascii("GET /nothing/here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 404);
        problem(raw(ascii("DELETE /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 405);
        Raw wrongMethod = raw(ascii("PATCH /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + rapport.adminToken
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"));
        problem(wrongMethod, 405);
        // any /api/v1 path, existing or not, is 401 without a token
        problem(raw(ascii("GET /api/v1/no/such/thing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")), 401);
    }

    // ---- 12. unknown query parameters

    @Test
    void unknownQueryParametersAndIncludesAre400NamingThem() throws Exception {
        assertEquals("Email", problem(api.get("/api/v1/people?Email=ada@example.com"), 400).get("errors").get(0).get("field").asText());
        assertEquals("status", problem(api.get("/api/v1/conversations?status=open"), 400).get("errors").get(0).get("field").asText());
        String person = JSON.readTree(api.post("/api/v1/people", "{\"name\":\"Included\"}").body()).get("id").asText();
        JsonNode include = problem(api.get("/api/v1/people/" + person + "?include=tag"), 400);
        assertEquals("include", include.get("errors").get(0).get("field").asText());
        assertTrue(include.get("detail").asText().contains("'tag'") && include.get("detail").asText().contains("tags"), include.toString());
        assertEquals(200, api.get("/api/v1/people/" + person + "?include=tags,notes").statusCode());
        assertEquals(200, api.get("/api/v1/people?email=a@example.com&limit=5").statusCode());
    }

    // ---- 13 and 14

    @Test
    void healthSaysOnlyTheStatusWithoutAnAdminToken() throws Exception {
        HttpResponse<String> anonymous = api.as(null).get("/health");
        assertEquals("{\"status\":\"UP\"}", anonymous.body());
        JsonNode details = JSON.readTree(api.get("/health").body());
        assertEquals("UP", details.get("status").asText());
        assertTrue(details.has("bundles") && details.has("components"), details.toString());
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it uses up this address's failed authentications
    void failedAuthenticationIsThrottledPerAddress() throws Exception {
        int refused = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 100 && refused == 0; i++) {
            last = api.as("rpt_guess" + i).get("/api/v1/people");
            if (last.statusCode() == 429) {
                refused++;
            } else {
                assertEquals(401, last.statusCode());
            }
        }
        assertEquals(1, refused, "a burst of wrong tokens ends in 429");
        problem(last, 429);
        long retry = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
        // while throttled, even the right token waits: answering it would make guessing free
        assertEquals(429, api.get("/api/v1/people").statusCode());
        Thread.sleep(TimeUnit.SECONDS.toMillis(retry) + 200);
        assertEquals(200, api.get("/api/v1/people").statusCode(), "taken again once the address may try");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        HttpResponse<String> token = api.post("/api/v1/tokens", "{\"name\":\"headers\",\"role\":\"agent\"}");
        assertEquals(201, token.statusCode(), token.body());
        assertEquals("no-store", token.headers().firstValue("Cache-Control").orElse(null), "the answer with a secret is never cached");
        for (HttpResponse<String> r : List.of(token, api.get("/api/v1/people"), api.as(null).get("/health"), api.as(null).get("/api/v1/people"),
                api.get("/nothing"))) {
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), r.uri().toString());
            assertNotNull(r.headers().firstValue("Referrer-Policy").orElse(null), r.uri().toString());
        }
        assertTrue(api.get("/api/v1/people").headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "CORS is off by default");
    }

    @Test
    void aClientAbortingMidBodyIsNoIncident() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (Socket s = new Socket("localhost", port)) {
                s.getOutputStream().write(ascii("POST /api/v1/people HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + rapport.adminToken
                        + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\":"));
                s.getOutputStream().flush();
                Thread.sleep(50);
            }
        }
        Thread.sleep(500);
        String log = rapport.logText();
        assertFalse(log.contains("ERROR"), "a client that hangs up is not logged as an error:\n" + log);
    }
}
