package io.rapport.itests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP calls for TagsIT and NotesIT: any method, any token, with the answer's JSON parsed (a small
 * parser, so that the tests read fields rather than match text).
 */
final class TagsNotesApi {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Http http;

    TagsNotesApi(Http http) {
        this.http = http;
    }

    static TagsNotesApi connect() throws Exception {
        return new TagsNotesApi(Http.connect());
    }

    Answer call(String method, String path, String json) throws Exception {
        return call(method, path, json, http.adminToken, null);
    }

    Answer call(String method, String path, String json, String token, String ifMatch) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(http.base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (ifMatch != null) {
            r.header("If-Match", ifMatch);
        }
        if (json != null) {
            r.header("Content-Type", "application/json");
        }
        r.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return new Answer(method + " " + path, CLIENT.send(r.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Polls until GET {@code path} answers {@code status} with a body containing {@code text} (resources come asynchronously). */
    Answer await(String path, int status, String text) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        Answer a;
        do {
            a = call("GET", path, null);
            if (a.status() == status && a.body().contains(text)) {
                return a;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("GET " + path + " did not answer " + status + " with '" + text + "' within 20 s; last: " + a.status() + " " + a.body());
    }

    /** Creates an API token with this role and answers its secret. */
    @SuppressWarnings("unchecked")
    Map<String, Object> newToken(String name, String role) throws Exception {
        Answer a = call("POST", "/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        a.expect(201);
        return (Map<String, Object>) a.json();
    }

    static final class Answer {
        final String request;
        final HttpResponse<String> response;

        Answer(String request, HttpResponse<String> response) {
            this.request = request;
            this.response = response;
        }

        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        Answer expect(int status) {
            if (response.statusCode() != status) {
                throw new AssertionError(request + ": expected " + status + ", got " + response.statusCode() + " " + response.body());
            }
            return this;
        }

        Object json() {
            return Json.parse(response.body());
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> object() {
            return (Map<String, Object>) json();
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> data() {
            return (List<Map<String, Object>>) object().get("data");
        }

        /** The fields named by a problem's {@code errors}. */
        @SuppressWarnings("unchecked")
        List<String> errorFields() {
            List<String> fields = new ArrayList<>();
            Object errors = object().get("errors");
            if (errors != null) {
                for (Object e : (List<Object>) errors) {
                    fields.add((String) ((Map<String, Object>) e).get("field"));
                }
            }
            return fields;
        }
    }

    /** Quotes a string as a JSON string. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }

    /** A strict enough JSON parser for answers: objects, arrays, strings, numbers (long or double), booleans, null. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json p = new Json(text);
            Object v = p.value();
            p.ws();
            if (p.i != text.length()) {
                throw new IllegalArgumentException("Trailing text at " + p.i + " in " + text);
            }
            return v;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String key = string();
                    ws();
                    expect(':');
                    m.put(key, value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect('}');
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect(']');
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String n = s.substring(start, i);
            if (n.isEmpty()) {
                throw new IllegalArgumentException("Unexpected '" + c + "' at " + start);
            }
            return n.contains(".") || n.contains("e") || n.contains("E") ? (Object) Double.parseDouble(n) : (Object) Long.parseLong(n);
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n': sb.append('\n'); break;
                        case 'r': sb.append('\r'); break;
                        case 't': sb.append('\t'); break;
                        case 'b': sb.append('\b'); break;
                        case 'f': sb.append('\f'); break;
                        case 'u': sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                        default: sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("Expected '" + c + "' at " + i + " in " + s);
            }
            i++;
        }
    }
}
