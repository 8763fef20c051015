package io.rapport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * A fuzz run generated from {@code docs/openapi.yaml}: for every operation of the spec, the documented
 * request and many mutated ones (wrong types, huge and deep values, Unicode edge cases, bad cursors and
 * parameters, bad content types, path tricks, other methods). Whatever a client sends, the runtime must
 * answer without a 5xx, every error must be {@code application/problem+json} with no stack trace, class
 * name or file path, and the data seeded before the run must be exactly as it was. Reads use the seeded
 * ("guarded") records; writes use records made to be written over ("victims").
 */
class FuzzIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern INTERNALS = Pattern.compile("Exception|\\.java\\b|\\bat (java|org|io|com)\\.|org\\.eclipse|org\\.apache|/home/|/tmp/");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static RapportProcess rapport;
    private static JsonNode spec;
    private static final Map<String, String> guarded = new LinkedHashMap<>();
    private static final Map<String, String> victims = new LinkedHashMap<>();
    private static final Map<String, String> before = new LinkedHashMap<>();

    private final List<String> failures = new ArrayList<>();
    private int requests;

    @BeforeAll
    static void start() throws Exception {
        spec = new YAMLMapper().readTree(Paths.get("..", "docs", "openapi.yaml").toFile());
        Path home = Files.createTempDirectory("rapport-fuzz");
        // many requests carry no or a wrong token on purpose: the throttle of failed authentications is
        // tried in HardeningIT, here it would only turn answers into 429s
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.rapport.rest.cfg"), "auth.failures.burst=1000000\nauth.failures.per.minute=1000000\n");
        rapport = new RapportProcess(home).start();
        RapportProcess.Api api = rapport.api();
        for (Map<String, String> set : List.of(guarded, victims)) {
            String n = set == guarded ? "guarded" : "victim";
            set.put("person", id(api.post("/api/v1/people", "{\"name\":\"Fuzz " + n + "\",\"emails\":[\"fuzz-" + n
                    + "@example.com\"],\"phones\":[\"+441632960001\"],\"external_id\":\"fuzz-" + n + "\"}")));
            set.put("company", id(api.post("/api/v1/companies", "{\"name\":\"Fuzz " + n + " Ltd\",\"domain\":\"fuzz-" + n
                    + ".example\",\"size\":12}")));
            set.put("tag", id(api.post("/api/v1/tags", "{\"name\":\"fuzz-" + n + "\"}")));
            set.put("note", id(api.post("/api/v1/people/" + set.get("person") + "/notes", "{\"body\":\"a " + n + " note\"}")));
            set.put("segment", id(api.post("/api/v1/segments", "{\"name\":\"Fuzz " + n + "\",\"model\":\"person\",\"query\":"
                    + "{\"field\":\"tags\",\"operator\":\"=\",\"value\":\"fuzz-" + n + "\"}}")));
            set.put("key", "fuzz_" + n);
            assertEquals(201, api.post("/api/v1/attributes", "{\"model\":\"person\",\"key\":\"fuzz_" + n + "\",\"label\":\"Fuzz\","
                    + "\"type\":\"number\"}").statusCode());
            set.put("token", id(api.post("/api/v1/tokens", "{\"name\":\"fuzz " + n + "\",\"role\":\"agent\"}")));
            assertEquals(204, api.send("PUT", "/api/v1/people/" + set.get("person") + "/tags/" + set.get("tag"), null, null).statusCode());
            assertEquals(204, api.send("PUT", "/api/v1/companies/" + set.get("company") + "/people/" + set.get("person"), null, null).statusCode());
            assertEquals(200, api.patch("/api/v1/people/" + set.get("person"), "{\"attributes\":{\"fuzz_" + n + "\":42}}").statusCode());
            set.put("job", id(api.send("POST", "/api/v1/people/import", "application/x-ndjson", "{\"name\":\"Imported " + n + "\"}\n")));
        }
        for (String read : guardedReads()) {
            before.put(read, api.get(read).body());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        rapport.close();
    }

    private static String id(HttpResponse<String> created) throws Exception {
        assertTrue(created.statusCode() / 100 == 2, created.body());
        return JSON.readTree(created.body()).get("id").asText();
    }

    /** What must not change: the guarded records, read in full. */
    private static List<String> guardedReads() {
        return List.of("/api/v1/people/" + guarded.get("person") + "?include=attributes,tags,companies,notes",
                "/api/v1/companies/" + guarded.get("company") + "?include=people,tags", "/api/v1/tags/" + guarded.get("tag"),
                "/api/v1/notes/" + guarded.get("note"), "/api/v1/segments/" + guarded.get("segment"),
                "/api/v1/attributes/person/" + guarded.get("key"), "/api/v1/tokens/" + guarded.get("token"));
    }

    @Test
    void noInputMakesA5xxALeakOrAChange() throws Exception {
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                    fuzz(p.getKey(), op.getKey().toUpperCase(Locale.ROOT), op.getValue(), p.getValue().get("parameters"));
                }
            }
        }
        System.out.println("FuzzIT: " + requests + " requests, " + failures.size() + " failures");
        assertTrue(requests >= 3000, "several thousand requests: " + requests);
        assertTrue(failures.isEmpty(), failures.size() + " failures, the first ones:\n" + String.join("\n", failures.subList(0, Math.min(25, failures.size()))));
        RapportProcess.Api api = rapport.api();
        for (String read : guardedReads()) {
            assertEquals(before.get(read), api.get(read).body(), "the guarded record at " + read + " is unchanged");
        }
        assertEquals(200, api.get("/health").statusCode(), "still UP: " + api.get("/health").body());
    }

    // ---- one operation

    private void fuzz(String template, String method, JsonNode op, JsonNode pathParameters) throws Exception {
        List<JsonNode> parameters = new ArrayList<>();
        for (JsonNode list : new JsonNode[] { pathParameters, op.get("parameters") }) {
            if (list != null) {
                list.forEach(p -> parameters.add(resolve(p)));
            }
        }
        boolean write = !method.equals("GET");
        String path = fill(template, write ? victims : guarded, null);
        String victimPath = fill(template, victims, null); // what methods that write are sent to
        String bodyType = null;
        JsonNode body = null;
        JsonNode requestBody = op.has("requestBody") ? resolve(op.get("requestBody")) : null;
        if (requestBody != null) {
            Map.Entry<String, JsonNode> content = requestBody.get("content").fields().next();
            bodyType = content.getKey();
            JsonNode media = content.getValue();
            body = media.has("example") ? media.get("example") : sample(resolve(media.get("schema")), 0);
        }
        String valid = bodyType == null ? null : bodyType.contains("json") ? JSON.writeValueAsString(body) : body == null ? "" : body.asText();
        String query = query(parameters, null, null);

        // the request as documented, with and without a token
        send(method, path + query, bodyType, bytes(valid), true);
        send(method, path + query, bodyType, bytes(valid), false);
        send(method, path, bodyType, bytes(valid), "Bearer rpt_wrong");
        // other methods on the same path, and odd ones
        for (String other : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "PROPFIND")) {
            if (!other.equals(method)) {
                send(other, List.of("GET", "HEAD", "OPTIONS").contains(other) ? path : victimPath, "application/json", bytes("{}"), true);
            }
        }
        // path tricks in every variable
        for (String trick : List.of("..", "%2e%2e", "a%2Fb", "x;y=z", "%00", "%C3%BC", "%ZZ", "a".repeat(5000), "%E2%80%AE", "%20", "per_"
                + "x".repeat(20), "{id}", "%25", "null", "-1", "0")) {
            send(method, fill(template, write ? victims : guarded, trick) + query, bodyType, bytes(valid), true);
        }
        // query parameters: every documented one with bad values, and unknown ones
        for (JsonNode p : parameters) {
            if (!"query".equals(p.path("in").asText())) {
                continue;
            }
            for (String bad : List.of("", "-1", "0", "abc", "1e9", "99999999999999999999", "%00", "%C0%BC", "%ED%A0%80", "x".repeat(3000),
                    "%F0%9F%98%80", "!!!", "..%2F", "*", "null")) {
                send(method, path + query(parameters, p.get("name").asText(), bad), bodyType, bytes(valid), true);
            }
        }
        for (String unknown : List.of("?unknown=1", "?Limit=5", "?include=nosuch", "?cursor=garbage", "?cursor=" + "A".repeat(4000),
                "?limit=0", "?limit=201", "?limit=abc", "?a=1&a=2&a=3", "?%ZZ=1")) {
            send(method, path + unknown, bodyType, bytes(valid), true);
        }
        // headers
        send(method, path + query, bodyType, bytes(valid), true, "If-Match", "\"garbage\"");
        send(method, path + query, bodyType, bytes(valid), true, "If-Match", "W/\"" + "9".repeat(100) + "\"");
        send(method, path + query, bodyType, bytes(valid), true, "Accept", "text/html");
        send(method, path + query, bodyType, bytes(valid), true, "Accept", "!!/!!");
        send(method, path + query, bodyType, bytes(valid), true, "Accept-Charset", "x-unknown");
        // content types
        for (String type : List.of("text/plain", "application/xml", "application/json; charset=iso-8859-1", "x; charset=\"",
                "/////", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json;;;")) {
            send(method, path + query, type, bytes(valid == null ? "{}" : valid), true);
        }
        if (body != null && bodyType.contains("json")) {
            mutateBody(method, path + query, bodyType, body);
        }
    }

    private void mutateBody(String method, String target, String type, JsonNode body) throws Exception {
        List<JsonNode> weird = List.of(NODES.nullNode(), NODES.numberNode(-1), NODES.numberNode(1.5), NODES.booleanNode(true),
                NODES.textNode(""), NODES.textNode("x".repeat(300_000)), NODES.textNode("\u0000\u202e\ud83d\ude00\u0301".repeat(50)),
                NODES.arrayNode().add(1).add("two"), NODES.objectNode().put("nested", "object"), big("1e400000"), big("-1e-400000"),
                big("1e999"), NODES.textNode("2026-13-45T99:99:99Z"), NODES.textNode("<script>alert(1)</script>"),
                NODES.textNode("' OR '1'='1"), NODES.textNode("../../etc/passwd"), NODES.textNode("http://169.254.169.254/"));
        if (body.isObject()) {
            for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
                String name = names.next();
                for (JsonNode value : weird) {
                    ObjectNode mutated = ((ObjectNode) body).deepCopy();
                    mutated.set(name, value);
                    send(method, target, type, JSON.writeValueAsBytes(mutated), true);
                }
            }
            ObjectNode extra = ((ObjectNode) body).deepCopy();
            extra.put("unknown_field", 1);
            send(method, target, type, JSON.writeValueAsBytes(extra), true);
            ObjectNode many = NODES.objectNode();
            for (int i = 0; i < 10_000; i++) {
                many.put("k" + i, i);
            }
            send(method, target, type, JSON.writeValueAsBytes(many), true);
        }
        for (JsonNode value : weird) {
            send(method, target, type, JSON.writeValueAsBytes(value), true);
        }
        String text = JSON.writeValueAsString(body);
        List<byte[]> raw = List.of(bytes("[".repeat(100_000)), bytes("{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}"),
                bytes(text.substring(0, text.length() / 2)), bytes(text + "garbage"), bytes(text + text), bytes(""), bytes("null"),
                bytes("{\"a\":1,\"a\":2}"), new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0xbc, '"', '}' },
                new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}' }, bytes("{\"a\":\"\\ud800\"}"),
                bytes("\ufeff" + text), bytes("{\"a\":1e40000000}"), bytes("{\"a\":" + "9".repeat(2000) + "}"),
                bytes("{\"" + "k".repeat(5000) + "\":1}"));
        for (byte[] b : raw) {
            send(method, target, type, b, true);
        }
    }

    private static JsonNode big(String number) {
        return NODES.numberNode(new java.math.BigDecimal(number));
    }

    // ---- requests and what every answer must be

    private void send(String method, String target, String type, byte[] body, boolean token, String... headers) {
        send(method, target, type, body, token ? "Bearer " + rapport.adminToken : null, headers);
    }

    private void send(String method, String target, String type, byte[] body, String authorization, String... headers) {
        requests++;
        String what = method + " " + shorten(target) + (type == null ? "" : " [" + shorten(type) + "]")
                + (body == null ? "" : " " + shorten(new String(body, StandardCharsets.UTF_8)));
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rapport.base + target)).timeout(Duration.ofSeconds(30));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            if (type != null && body != null) {
                b.header("Content-Type", type);
            }
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<java.io.InputStream> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            // the change stream answers a stream that never ends: its start is all there is to check
            if (r.statusCode() == 200 && r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
                r.body().close();
                return;
            }
            String answer;
            try (java.io.InputStream in = r.body()) {
                answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            check(what, method, r.statusCode(), r.headers(), answer);
        } catch (IllegalArgumentException notAUri) {
            requests--; // the client would not send it (an invalid URI): nothing to check
        } catch (Exception e) {
            failures.add(what + " -> " + e);
        }
    }

    private void check(String what, String method, int status, java.net.http.HttpHeaders headers, String body) {
        if (status >= 500) {
            failures.add(what + " -> " + status + " " + shorten(body));
            return;
        }
        if (status >= 400 && INTERNALS.matcher(body).find()) {
            failures.add(what + " -> internals in the answer: " + shorten(body));
        }
        if (status >= 400 && !method.equals("HEAD")) {
            String type = headers.firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/problem+json")) {
                failures.add(what + " -> " + status + " as " + type + ": " + shorten(body));
                return;
            }
            try {
                JsonNode p = JSON.readTree(body);
                if (p.path("status").asInt() != status || !p.path("title").isTextual() || !p.path("detail").isTextual()
                        || !p.path("type").isTextual()) {
                    failures.add(what + " -> not a whole problem: " + shorten(body));
                }
            } catch (Exception e) {
                failures.add(what + " -> " + status + " unparsable: " + shorten(body));
            }
        }
    }

    // ---- from the spec

    private static JsonNode resolve(JsonNode node) {
        while (node != null && node.has("$ref")) {
            JsonNode target = spec;
            for (String part : node.get("$ref").asText().substring(2).split("/")) {
                target = target.get(part);
            }
            node = target;
        }
        return node;
    }

    /** A value of the schema, from its example, enum or type. */
    private static JsonNode sample(JsonNode schema, int depth) {
        schema = resolve(schema);
        if (schema == null || depth > 4) {
            return NODES.nullNode();
        }
        if (schema.has("example")) {
            return schema.get("example");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        for (String combined : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.has(combined)) {
                return sample(schema.get(combined).get(0), depth + 1);
            }
        }
        switch (schema.path("type").asText("object")) {
            case "integer":
            case "number":
                return NODES.numberNode(schema.has("minimum") ? schema.get("minimum").asInt() : 1);
            case "boolean":
                return NODES.booleanNode(true);
            case "string":
                return NODES.textNode(schema.path("format").asText().equals("date-time") ? "2026-01-01T00:00:00Z" : "fuzz");
            case "array":
                ArrayNode a = NODES.arrayNode();
                a.add(sample(schema.get("items"), depth + 1));
                return a;
            default:
                ObjectNode o = NODES.objectNode();
                if (schema.has("properties")) {
                    schema.get("properties").fields().forEachRemaining(f -> {
                        if (!f.getValue().path("readOnly").asBoolean()) {
                            o.set(f.getKey(), sample(f.getValue(), depth + 1));
                        }
                    });
                }
                return o;
        }
    }

    /** The path with its variables filled with ids of {@code ids}, or {@code trick} in every one. */
    private static String fill(String template, Map<String, String> ids, String trick) {
        String result = template;
        java.util.regex.Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
        while (m.find()) {
            String name = m.group(1);
            String value = trick != null ? trick : valueOf(template, name, ids);
            result = result.replace("{" + name + "}", value);
        }
        return result;
    }

    private static String valueOf(String template, String name, Map<String, String> ids) {
        String before = template.substring(0, template.indexOf("{" + name + "}"));
        String kind = name.equals("personId") ? "person" : name.equals("tagId") ? "tag" : name.equals("messageId") ? "message"
                : before.endsWith("/people/") ? "person" : before.endsWith("/companies/") ? "company" : before.endsWith("/tags/") ? "tag"
                        : before.endsWith("/notes/") ? "note" : before.endsWith("/segments/") ? "segment" : before.endsWith("/jobs/") ? "job"
                                : before.endsWith("/tokens/") ? "token" : name;
        switch (kind) {
            case "model":
                return "person";
            case "key":
                return ids.get("key");
            case "symbolicName":
                return "io.rapport.fuzz.nothing";
            case "name":
                return "rapport-fuzz-nothing";
            case "channel":
                return "webhook";
            case "message":
                return "msg_" + "x".repeat(20);
            default:
                return ids.getOrDefault(kind, "cnv_" + "x".repeat(20));
        }
    }

    private static String query(List<JsonNode> parameters, String name, String value) {
        StringBuilder q = new StringBuilder();
        for (JsonNode p : parameters) {
            if (!"query".equals(p.path("in").asText())) {
                continue;
            }
            String n = p.get("name").asText();
            String v = n.equals(name) ? value : p.path("required").asBoolean() ? sampleQuery(p) : null;
            if (v != null) {
                q.append(q.length() == 0 ? "?" : "&").append(n).append('=').append(v);
            }
        }
        return q.toString();
    }

    private static String sampleQuery(JsonNode parameter) {
        JsonNode example = parameter.has("example") ? parameter.get("example") : sample(parameter.get("schema"), 0);
        return java.net.URLEncoder.encode(example.isTextual() ? example.asText() : example.toString(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String shorten(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…(" + s.length() + ")" : s;
    }
}
