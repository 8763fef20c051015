package io.rapport.runtime;

import static io.rapport.runtime.PeopleApiIT.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The shipped channel plugins hot-deployed into the exported runtime as an operator does it: a jar
 * dropped into deploy/ becomes a channel, messages become people and conversations, and removing the
 * jar removes the channel but not the data. Also measures drop-to-answer latency (printed; the figures
 * go to docs/benchmarks.md by hand, never asserted).
 */
class HotDeployIT {
    private static final String SECRET = "e2e-webhook-secret";

    static Path shippedJar(String artifactId) {
        String version = System.getProperty("rapport.version", "0.1.0-SNAPSHOT");
        Path repo = Paths.get(System.getProperty("rapport.repository", "repository"));
        return repo.resolve("io/rapport/" + artifactId + "/" + version + "/" + artifactId + "-" + version + ".jar");
    }

    private static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return r.body().isEmpty() ? null : json(r);
    }

    /** A message signed by the Standard Webhooks scheme with the test's secret (a wrong signature when {@code forged}). */
    private static HttpResponse<String> hook(RapportProcess.Api api, String body, boolean forged) throws Exception {
        String id = "msg_" + java.util.UUID.randomUUID();
        long timestamp = System.currentTimeMillis() / 1000;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "v1," + java.util.Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + (forged ? body + " " : body)).getBytes(StandardCharsets.UTF_8)));
        return new RapportProcess.Api(api.base, null).send("POST", "/hooks/webhook", "application/json", body,
                "webhook-id", id, "webhook-timestamp", Long.toString(timestamp), "webhook-signature", signature);
    }

    /** Polls until the channel list satisfies {@code test}; answers the milliseconds it took. */
    private static long awaitChannels(RapportProcess.Api api, Predicate<String> test, long since) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = api.get("/api/v1/channels");
            if (r.statusCode() == 200 && test.test(r.body())) {
                return System.currentTimeMillis() - since;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("/api/v1/channels did not change as expected: " + api.get("/api/v1/channels").body());
    }

    private static boolean lists(String body, String channel) {
        return body.contains("\"channel\":\"" + channel + "\"");
    }

    private static JsonNode personByEmail(RapportProcess.Api api, String email) throws Exception {
        JsonNode page = ok(api.get("/api/v1/people?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)), 200);
        assertEquals(1, page.get("data").size(), page.toString());
        return page.get("data").get(0);
    }

    private static JsonNode conversations(RapportProcess.Api api, String personId) throws Exception {
        return ok(api.get("/api/v1/people/" + personId + "/conversations"), 200).get("data");
    }

    private static void awaitTimelineType(RapportProcess.Api api, String personId, String prefix) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        String body = "";
        while (System.currentTimeMillis() < deadline) {
            body = api.get("/api/v1/people/" + personId + "/timeline?limit=200").body();
            if (body.contains("\"type\":\"" + prefix)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + prefix + "* entry on the timeline: " + body);
    }

    @Test
    void webhookDroppedIntoDeployBecomesAChannel() throws Exception {
        Path home = Files.createTempDirectory("rapport-hotdeploy");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.rapport.channel.webhook-e2e.cfg"), "channel=webhook\nsecret=" + SECRET + "\n");
        try (RapportProcess rapport = new RapportProcess(home).start()) {
            RapportProcess.Api api = rapport.api();
            ok(api.get("/api/v1/channels"), 200);
            assertTrue(!lists(api.get("/api/v1/channels").body(), "webhook"));

            Path dropped = home.resolve("deploy/io.rapport.channel.webhook.jar");
            long t0 = System.currentTimeMillis();
            Files.copy(shippedJar("io.rapport.channel.webhook"), dropped);
            long listedAfter = awaitChannels(api, b -> lists(b, "webhook"), t0);
            System.out.println("[hot-deploy] webhook listed in /api/v1/channels " + listedAfter + " ms after the drop");

            String first = "{\"handle\":\"visitor-42\",\"name\":\"Grace Hopper\",\"email\":\"grace.e2e@example.com\",\"text\":\"Hello, my invoice is wrong\"}";
            assertEquals(401, hook(api, first, true).statusCode());
            assertEquals(0, ok(api.get("/api/v1/people?email=grace.e2e@example.com"), 200).get("data").size(), "a bad signature stores nothing");

            JsonNode delivered = ok(hook(api, first, false), 202);
            JsonNode person = personByEmail(api, "grace.e2e@example.com");
            assertEquals("Grace Hopper", person.get("name").asText());
            assertEquals(delivered.get("person_id").asText(), person.get("id").asText());
            String conversationId = delivered.get("conversation_id").asText();
            awaitTimelineType(api, person.get("id").asText(), "conversation");

            String second = "{\"handle\":\"visitor-42\",\"text\":\"It says 40 seats, we have 25\"}";
            JsonNode again = ok(hook(api, second, false), 202);
            assertEquals(conversationId, again.get("conversation_id").asText(), "the same sender continues the conversation");
            JsonNode conversation = ok(api.get("/api/v1/conversations/" + conversationId), 200);
            assertEquals(2, conversation.get("messages").size());
            assertEquals("webhook", conversation.get("channel").asText());

            Files.delete(dropped);
            awaitChannels(api, b -> !lists(b, "webhook"), System.currentTimeMillis());
            assertEquals(404, hook(api, second, false).statusCode(), "the endpoint left with the plugin");
            assertEquals(1, conversations(api, person.get("id").asText()).size(), "the data stays");
            assertEquals(2, ok(api.get("/api/v1/conversations/" + conversationId), 200).get("messages").size());

            // Drop to the plugin's own endpoint answering (401 to an unsigned post instead of 404), 10 times.
            List<Long> answering = new ArrayList<>();
            List<Long> listed = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long t = System.currentTimeMillis();
                // as an operator drops a jar: mv of a finished file (it keeps its time) into deploy/
                Files.copy(shippedJar("io.rapport.channel.webhook"), home.resolve("deploy/tmp.part"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                Files.move(home.resolve("deploy/tmp.part"), dropped, StandardCopyOption.ATOMIC_MOVE);
                while (hook(api, "{}", true).statusCode() != 401) {
                    assertTrue(System.currentTimeMillis() - t < 20_000, "the webhook endpoint did not answer");
                    Thread.sleep(5);
                }
                answering.add(System.currentTimeMillis() - t);
                listed.add(awaitChannels(api, b -> lists(b, "webhook"), t));
                Files.delete(dropped);
                awaitChannels(api, b -> !lists(b, "webhook"), System.currentTimeMillis());
            }
            Collections.sort(answering);
            Collections.sort(listed);
            System.out.println("[hot-deploy] jar dropped to /hooks/webhook answering, 10 runs (ms): " + answering
                    + ", median " + (answering.get(4) + answering.get(5)) / 2);
            System.out.println("[hot-deploy] jar dropped to /api/v1/channels listing it, 10 runs (ms): " + listed
                    + ", median " + (listed.get(4) + listed.get(5)) / 2);
        }
    }

    @Test
    void emailDroppedIntoDeployTakesMailOverSmtp() throws Exception {
        int smtpPort;
        try (ServerSocket s = new ServerSocket(0)) {
            smtpPort = s.getLocalPort();
        }
        Path home = Files.createTempDirectory("rapport-hotdeploy-email");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.rapport.channel.email.cfg"), "channel=email\nsmtp.host=127.0.0.1\nsmtp.port=" + smtpPort + "\n");
        try (RapportProcess rapport = new RapportProcess(home).start()) {
            RapportProcess.Api api = rapport.api();
            Path dropped = home.resolve("deploy/io.rapport.channel.email.jar");
            Files.copy(shippedJar("io.rapport.channel.email"), dropped);
            awaitChannels(api, b -> lists(b, "email"), System.currentTimeMillis());

            smtp(smtpPort, "ada.e2e@example.com", "Ada Lovelace", "<first-e2e@example.com>", null, "Broken export", "The CSV export is empty.");
            JsonNode person = personByEmail(api, "ada.e2e@example.com");
            assertEquals("Ada Lovelace", person.get("name").asText());
            JsonNode list = conversations(api, person.get("id").asText());
            assertEquals(1, list.size());
            String conversationId = list.get(0).get("id").asText();

            smtp(smtpPort, "ada.e2e@example.com", "Ada Lovelace", "<second-e2e@example.com>", "<first-e2e@example.com>", "Re: Broken export", "Still empty today.");
            assertEquals(1, conversations(api, person.get("id").asText()).size(), "a reply in the thread continues the conversation");
            assertEquals(2, ok(api.get("/api/v1/conversations/" + conversationId), 200).get("messages").size());
            awaitTimelineType(api, person.get("id").asText(), "conversation");

            Files.delete(dropped);
            awaitChannels(api, b -> !lists(b, "email"), System.currentTimeMillis());
            long deadline = System.currentTimeMillis() + 10_000;
            boolean closed = false;
            while (!closed && System.currentTimeMillis() < deadline) {
                try (Socket s = new Socket("127.0.0.1", smtpPort)) {
                    Thread.sleep(100);
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertTrue(closed, "the SMTP port closes with the plugin");
            assertEquals(1, conversations(api, person.get("id").asText()).size(), "the data stays");
        }
    }

    /** One email through a plain SMTP dialogue on loopback, as any mail client speaks it. */
    static void smtp(int port, String from, String name, String messageId, String inReplyTo, String subject, String text)
            throws IOException {
        try (Socket s = new Socket("127.0.0.1", port);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream()) {
            expect(in, "220");
            say(out, "EHLO e2e.example.com");
            expect(in, "250");
            say(out, "MAIL FROM:<" + from + ">");
            expect(in, "250");
            say(out, "RCPT TO:<support@rapport.example>");
            expect(in, "250");
            say(out, "DATA");
            expect(in, "354");
            StringBuilder m = new StringBuilder();
            m.append("From: ").append(name).append(" <").append(from).append(">\r\n");
            m.append("To: support@rapport.example\r\n");
            m.append("Subject: ").append(subject).append("\r\n");
            m.append("Message-ID: ").append(messageId).append("\r\n");
            if (inReplyTo != null) {
                m.append("In-Reply-To: ").append(inReplyTo).append("\r\n");
                m.append("References: ").append(inReplyTo).append("\r\n");
            }
            m.append("Date: Sun, 22 Nov 2026 10:00:00 +0000\r\n");
            m.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n");
            m.append(text).append("\r\n.\r\n");
            out.write(m.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            expect(in, "250");
            say(out, "QUIT");
            expect(in, "221");
        }
    }

    private static void say(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null || !line.startsWith(code)) {
                throw new AssertionError("SMTP: expected " + code + ", got " + line);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
    }
}
