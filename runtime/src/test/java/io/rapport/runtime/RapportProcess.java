package io.rapport.runtime;

import java.io.IOException;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exported runtime jar started as a real process, on a free port, with its own home folder: what
 * a user gets from the README.
 */
final class RapportProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Rapport is listening on http://localhost:(\\d+)/");

    final Path home;
    final Path log;
    private Process process;
    String base;
    String adminToken;
    long startMillis;

    RapportProcess(Path home) {
        this.home = home;
        this.log = home.resolve("rapport.log");
    }

    static Path jar() {
        return Paths.get(System.getProperty("rapport.jar", "target/rapport.jar")).toAbsolutePath();
    }

    /** Starts the runtime as a user does; {@code jvmOptions} come before {@code -jar} (e.g. a log level). */
    RapportProcess start(String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.util.zip.disableZip64ExtraFieldValidation=true", "-Drapport.home=" + home,
                "-Dorg.osgi.service.http.port=0"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", jar().toString()));
        Files.createDirectories(home);
        // The log is appended to across restarts: only what this start writes counts.
        int logOffset = logText().length();
        long started = System.nanoTime();
        process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.currentTimeMillis() + 60_000;
        String port = null;
        while (port == null) {
            if (!process.isAlive()) {
                throw new AssertionError("The runtime exited with " + process.exitValue() + ":\n" + logText());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("The runtime did not say where it listens within 60 s:\n" + logText());
            }
            Matcher m = LISTENING.matcher(logText().substring(logOffset));
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            port = last;
            if (port == null) {
                Thread.sleep(50);
            }
        }
        base = "http://localhost:" + port;
        Path tokenFile = home.resolve("data/admin-token");
        while (!Files.exists(tokenFile) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        adminToken = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        while (true) {
            try {
                HttpResponse<String> r = Api.CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/people?limit=1"))
                        .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("The people API did not answer 200 within 60 s:\n" + logText());
            }
            Thread.sleep(50);
        }
        startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return this;
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    Api api() {
        return new Api(base, adminToken);
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Kills the process at once (SIGKILL), as a crash or a power cut would: nothing gets to shut down. */
    void crash() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** A small HTTP client for the API with one token. */
    static final class Api {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final String base;
        final String token;

        Api(String base, String token) {
            this.base = base;
            this.token = token;
        }

        Api as(String otherToken) {
            return new Api(base, otherToken);
        }

        HttpResponse<String> send(String method, String path, String contentType, String body, String... headers)
                throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
            return send("GET", path, null, null, headers);
        }

        HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
            return send("POST", path, "application/json", json);
        }

        HttpResponse<String> patch(String path, String json, String... headers) throws IOException, InterruptedException {
            return send("PATCH", path, "application/merge-patch+json", json, headers);
        }

        HttpResponse<String> delete(String path, String... headers) throws IOException, InterruptedException {
            return send("DELETE", path, null, null, headers);
        }
    }
}
