package io.rapport.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The exported runtime jar as a real process with a fresh home, as a user starts it (like the runtime's
 * end-to-end tests' RapportProcess): start is timed from spawning the JVM to the first 200 of
 * GET /api/v1/people.
 */
final class RapportRuntime implements AutoCloseable {
    static final String LISTENING = "Rapport is listening on ";

    final Path home;
    final Path log;
    final int port;
    private Process process;
    String token;
    long startMillis;

    RapportRuntime(Path home) throws IOException {
        this.home = home;
        this.log = home.resolve("rapport.log");
        this.port = freePort();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String base() {
        return "http://localhost:" + port;
    }

    RapportRuntime start(Path jar) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No runtime jar at " + jar + ": build it first (mvn -B -ntp -DskipTests install -pl runtime -am)");
        }
        Files.createDirectories(home);
        List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.util.zip.disableZip64ExtraFieldValidation=true", "-Drapport.home=" + home,
                "-Dorg.osgi.service.http.port=" + port, "-jar", jar.toString());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Path tokenFile = home.resolve("data/admin-token");
        long t0 = System.nanoTime();
        process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Process started = process;
        // an interrupted run (Ctrl-C) must not leave the runtime behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.destroy()));
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The runtime exited with " + process.exitValue() + ", log:\n" + tail());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("The runtime did not answer GET /api/v1/people with 200 within 120 s, log:\n" + tail());
            }
            if (token == null && Files.exists(tokenFile)) {
                String t = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
                token = t.isEmpty() ? null : t;
            }
            if (token != null) {
                try {
                    HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/people?limit=1"))
                            .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
            Thread.sleep(10);
        }
        startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        if (!logText().contains(LISTENING)) {
            System.out.println("[bench] note: the log does not say '" + LISTENING + "...' yet");
        }
        return this;
    }

    long pid() {
        return process.pid();
    }

    /** The process's resident set size now, from /proc/PID/status (VmRSS), in KiB. */
    long rssKiB() throws IOException {
        for (String l : Files.readAllLines(Paths.get("/proc/" + process.pid() + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/" + process.pid() + "/status");
    }

    /** CPU time the process has used so far (user and system), from /proc/PID/stat, in seconds. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Paths.get("/proc/" + process.pid() + "/stat"));
        // the fields after the command name, which is in parentheses and may hold spaces
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
    }

    /**
     * Waits until the runtime is idle: less than 5% of a core used over a second, twice in a row, or
     * {@code maxSeconds} passed. After a bulk write its change-log consumers (timeline, search, segments)
     * work on for a while, and a load phase started meanwhile would measure both. Answers the seconds waited.
     */
    double awaitIdle(double maxSeconds) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        int quietSeconds = 0;
        double before = cpuSeconds();
        while (quietSeconds < 2 && (System.nanoTime() - t0) / 1e9 < maxSeconds) {
            Thread.sleep(1000);
            double now = cpuSeconds();
            quietSeconds = now - before < 0.05 ? quietSeconds + 1 : 0;
            before = now;
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    String tail() {
        String text = logText();
        return text.length() > 6000 ? "..." + text.substring(text.length() - 6000) : text;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
