package io.rapport.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The REST API for setup and polling (not for load: that is {@link Load}). */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    final String base;
    final String token;

    Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    HttpResponse<String> send(String method, String path, String contentType, HttpRequest.BodyPublisher body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null, Duration.ofSeconds(60));
    }

    HttpResponse<String> post(String path, Object json) throws IOException, InterruptedException {
        return send("POST", path, "application/json", HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(json)),
                Duration.ofSeconds(60));
    }

    /** The answer's JSON when its status is one of {@code expected}; otherwise an exception naming the request and answer. */
    static JsonNode expect(HttpResponse<String> r, int... expected) throws IOException {
        for (int e : expected) {
            if (r.statusCode() == e) {
                return r.body() == null || r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
            }
        }
        throw new IllegalStateException(r.request().method() + " " + r.request().uri().getPath() + " answered "
                + r.statusCode() + ": " + abbreviate(r.body(), 600));
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
