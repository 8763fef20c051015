package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.itests.AttributesIT.JsonText;
import io.rapport.itests.channels.Configs;
import io.rapport.itests.channels.FakeReplyEndpoint;
import io.rapport.itests.channels.FakeSmtpRelay;
import io.rapport.itests.channels.SmtpClient;
import io.rapport.platform.api.PluginGuard;
import io.rapport.platform.api.PluginStatus;

/**
 * The shipped channel plugins installed into the running framework, configured through Config Admin,
 * used over real HTTP and real SMTP on loopback, and removed again: the channel goes, the people and
 * conversations it brought stay.
 */
public class ChannelPluginsIT {
    private static final String WEBHOOK = "io.rapport.channel.webhook";
    private static final String EMAIL = "io.rapport.channel.email";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20000)
    PluginGuard guard;

    private Http http;
    private Configs configs;
    private final String u = UUID.randomUUID().toString().substring(0, 8);
    private final List<Bundle> installed = new ArrayList<>();
    private final List<Runnable> cleanups = new ArrayList<>();

    @BeforeEach
    void connect() throws Exception {
        http = Http.connect();
        http.await("/api/v1/channels", 200, false);
        configs = new Configs(context);
    }

    @AfterEach
    void removeWhatWasInstalled() throws Exception {
        Bundle conversations = StoppedBundle.find("io.rapport.conversations");
        if (conversations.getState() != Bundle.ACTIVE) {
            conversations.start();
        }
        List<Bundle> gone = new ArrayList<>();
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
            guard.forget(b.getBundleId());
            gone.add(b);
        }
        for (Runnable cleanup : cleanups) {
            cleanup.run();
        }
        configs.close();
        if (!gone.isEmpty()) {
            CountDownLatch refreshed = new CountDownLatch(1);
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(gone, e -> refreshed.countDown());
            assertTrue(refreshed.await(10, TimeUnit.SECONDS), "refreshed");
        }
    }

    // ---- webhook ----

    @Test
    void signedWebhookMessagesBecomeConversationsAndTheDataOutlivesThePlugin() throws Exception {
        String channel = "wh-" + u;
        String secret = "secret-" + UUID.randomUUID();
        Bundle plugin = install(WEBHOOK);
        cleanups.add(configs.createFactory(WEBHOOK, Map.of("channel", channel, "secret", secret)));
        Map<String, Object> entry = awaitChannel(channel);
        assertEquals(false, entry.get("can_send"), entry.toString());
        assertEquals(WEBHOOK, ((Map<?, ?>) entry.get("plugin")).get("symbolic_name"), entry.toString());

        String handle = "visitor-" + u;
        String email = "vera." + u + "@example.com";
        String first = "{\"handle\":\"" + handle + "\",\"text\":\"Hello from the shop\",\"name\":\"Vera Visitor\",\"email\":\"" + email
                + "\",\"ip\":\"81.128.0.1\",\"user_agent\":\"Mozilla/5.0 (test)\",\"message_id\":\"m1-" + u
                + "\",\"sent_at\":\"2026-11-22T10:00:00Z\"}";
        HttpResponse<String> r = hook(channel, first, secret);
        assertEquals(202, r.statusCode(), r.body());
        Map<String, Object> delivered = JsonText.object(r.body());
        assertEquals(true, delivered.get("created_person"), r.body());
        assertEquals(true, delivered.get("opened_conversation"), r.body());
        assertEquals(false, delivered.get("duplicate"), r.body());
        String personId = (String) delivered.get("person_id");
        String conversationId = (String) delivered.get("conversation_id");

        HttpResponse<String> person = http.get("/api/v1/people/" + personId);
        assertEquals(200, person.statusCode(), person.body());
        assertTrue(person.body().contains(email) && person.body().contains("Vera Visitor"), person.body());
        assertTrue(person.body().contains("\"country\":\"GB\""), "located by the default resolver: " + person.body());
        HttpResponse<String> list = http.get("/api/v1/people/" + personId + "/conversations");
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains(conversationId), list.body());
        HttpResponse<String> conversation = http.get("/api/v1/conversations/" + conversationId);
        assertTrue(conversation.body().contains("\"channel\":\"" + channel + "\"") && conversation.body().contains("Hello from the shop"),
                conversation.body());
        waitUntil(() -> {
            try {
                HttpResponse<String> t = http.get("/api/v1/people/" + personId + "/timeline");
                return t.statusCode() == 200 && t.body().contains(conversationId);
            } catch (Exception e) {
                return false;
            }
        }, "the conversation on the person's timeline");

        String second = "{\"handle\":\"" + handle + "\",\"text\":\"Order 1234, by the way\"}";
        HttpResponse<String> again = hook(channel, second, secret);
        assertEquals(202, again.statusCode(), again.body());
        Map<String, Object> continued = JsonText.object(again.body());
        assertEquals(personId, continued.get("person_id"));
        assertEquals(conversationId, continued.get("conversation_id"), "the same sender continues the same conversation");
        assertEquals(false, continued.get("created_person"));
        assertEquals(false, continued.get("opened_conversation"));
        HttpResponse<String> redelivered = hook(channel, first, secret);
        assertEquals(true, JsonText.object(redelivered.body()).get("duplicate"), redelivered.body());
        assertEquals(2L, messageCount(conversationId));

        // Bad or missing signatures: 401, nothing stored (neither the new sender nor the known one's message).
        String strangerEmail = "stranger." + u + "@example.com";
        String stranger = "{\"handle\":\"stranger-" + u + "\",\"text\":\"let me in\",\"email\":\"" + strangerEmail + "\"}";
        String known = "{\"handle\":\"" + handle + "\",\"text\":\"forged\"}";
        long now = System.currentTimeMillis() / 1000;
        for (HttpResponse<String> refused : List.of(hook(channel, stranger, "wrong-secret"),
                hook(channel, stranger, null), signed(channel, known, "msg_a" + u, now, sign(secret, "msg_a" + u, now, known + " ")),
                signed(channel, known, "msg_b" + u, now, "v1," + "A".repeat(43) + "="),
                signed(channel, stranger, "msg_c" + u, now - 301, sign(secret, "msg_c" + u, now - 301, stranger)),
                signed(channel, stranger, "msg_d" + u, now + 301, sign(secret, "msg_d" + u, now + 301, stranger)),
                legacy(channel, stranger, legacySign(secret, stranger)))) {
            assertProblem(refused, 401);
        }
        // A replay of a message that arrived (same webhook-id): 409, stored once.
        String replayed = "{\"handle\":\"" + handle + "\",\"text\":\"only once\"}";
        String id = "msg_r" + u;
        assertEquals(202, signed(channel, replayed, id, now, sign(secret, id, now, replayed)).statusCode());
        assertTrue(assertProblem(signed(channel, replayed, id, now, sign(secret, id, now, replayed)), 409).contains("received already"));
        assertEquals(3L, messageCount(conversationId), "the replay stored nothing");
        assertEquals("[]", dataOf(http.get("/api/v1/people?email=" + strangerEmail)), "no person made from a refused message");
        assertEquals(3L, messageCount(conversationId), "no message stored from a refused one");

        // Signed but wrong: 400 naming the fields; too big: 413; no such channel: 404; not POST: 405.
        String broken = "{\"handle\":";
        assertTrue(assertProblem(hook(channel, broken, secret), 400).contains("\"field\":\"body\""));
        String incomplete = "{\"handle\":\"" + handle + "\",\"email\":\"nope\",\"colour\":\"red\"}";
        String problem = assertProblem(hook(channel, incomplete, secret), 400);
        assertTrue(problem.contains("\"field\":\"text\"") && problem.contains("\"field\":\"email\"") && problem.contains("\"field\":\"colour\""), problem);
        String huge = "{\"handle\":\"x\",\"text\":\"" + "a".repeat(1024 * 1024) + "\"}";
        assertProblem(hook(channel, huge, secret), 413);
        assertProblem(hook("nothing-" + u, first, secret), 404);
        assertProblem(raw("GET", "/hooks/" + channel, null), 405);
        assertEquals(3L, messageCount(conversationId));

        // Removed: the channel and its endpoint go; the person and the conversation stay.
        plugin.uninstall();
        awaitNoChannel(channel);
        assertEquals(404, raw("GET", "/hooks/" + channel, null).statusCode());
        assertEquals(404, hook(channel, second, secret).statusCode());
        assertEquals(200, http.get("/api/v1/people/" + personId).statusCode());
        HttpResponse<String> kept = http.get("/api/v1/conversations/" + conversationId);
        assertEquals(200, kept.statusCode(), kept.body());
        assertTrue(kept.body().contains("Order 1234, by the way"), kept.body());
    }

    @Test
    void webhookRepliesArePostedSignedToTheReplyUrl() throws Exception {
        String channel = "whr-" + u;
        String secret = "secret-" + UUID.randomUUID();
        try (FakeReplyEndpoint endpoint = new FakeReplyEndpoint()) {
            install(WEBHOOK);
            cleanups.add(configs.createFactory(WEBHOOK, Map.of("channel", channel, "secret", secret, "reply.url", endpoint.url("/replies"),
                    "label", "Shop chat")));
            Map<String, Object> entry = awaitChannel(channel);
            assertEquals(true, entry.get("can_send"), entry.toString());
            assertEquals("Shop chat", entry.get("label"), entry.toString());

            String handle = "chat-" + u;
            String in = "{\"handle\":\"" + handle + "\",\"text\":\"Is anyone there?\",\"thread\":\"session-" + u + "\"}";
            HttpResponse<String> r = hook(channel, in, secret);
            assertEquals(202, r.statusCode(), r.body());
            String conversationId = (String) JsonText.object(r.body()).get("conversation_id");

            HttpResponse<String> reply = http.post("/api/v1/conversations/" + conversationId + "/replies", "{\"text\":\"Yes, how can we help?\"}");
            assertEquals(201, reply.statusCode(), reply.body());
            assertTrue(reply.body().contains("\"status\":\"sent\""), reply.body());
            FakeReplyEndpoint.Request got = endpoint.next(10);
            assertEquals("POST", got.method);
            assertEquals("/replies", got.path);
            long timestamp = Long.parseLong(got.header("webhook-timestamp"));
            assertTrue(Math.abs(System.currentTimeMillis() / 1000 - timestamp) < 60, "signed now");
            assertEquals(JsonText.object(reply.body()).get("id"), got.header("webhook-id"), "the reply's id is the message id");
            assertEquals(sign(secret, got.header("webhook-id"), timestamp, got.text()), got.header("webhook-signature"),
                    "signed like inbound messages");
            assertNull(got.header("X-Rapport-Signature"), "no legacy signature unless asked for");
            Map<String, Object> body = JsonText.object(got.text());
            assertEquals(conversationId, body.get("conversation_id"));
            assertEquals(handle, body.get("handle"));
            assertEquals("session-" + u, body.get("thread"));
            assertEquals("Yes, how can we help?", body.get("text"));
            assertEquals(JsonText.object(reply.body()).get("id"), body.get("message_id"));
            assertNotNull(body.get("agent"));

            endpoint.answer(500);
            HttpResponse<String> failed = http.post("/api/v1/conversations/" + conversationId + "/replies", "{\"text\":\"Hello?\"}");
            assertEquals(201, failed.statusCode(), failed.body());
            assertTrue(failed.body().contains("\"status\":\"failed\"") && failed.body().contains("500"), failed.body());
        }
    }

    @Test
    void aWebhookWithoutSecretOpensNothingAndSaysWhy() throws Exception {
        String channel = "nosecret-" + u;
        Bundle plugin = install(WEBHOOK);
        cleanups.add(configs.createFactory(WEBHOOK, Map.of("channel", channel)));
        PluginStatus status = poll(() -> guard.statuses().stream()
                .filter(s -> s.bundleId == plugin.getBundleId() && s.state == PluginStatus.State.DEGRADED).findFirst(), "a DEGRADED plugin status");
        assertTrue(status.message.contains("no secret configured") && status.message.contains(channel), status.message);
        assertTrue(channelEntry(channel).isEmpty());
        assertProblem(hook(channel, "{}", null), 404);
    }

    @Test
    void webhookAnswers503AndStoresNothingWhileConversationsIsStopped() throws Exception {
        String channel = "wh503-" + u;
        String secret = "secret-" + UUID.randomUUID();
        install(WEBHOOK);
        cleanups.add(configs.createFactory(WEBHOOK, Map.of("channel", channel, "secret", secret)));
        awaitChannel(channel);
        String email = "later." + u + "@example.com";
        String message = "{\"handle\":\"later-" + u + "\",\"text\":\"anyone?\",\"email\":\"" + email + "\"}";
        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.conversations")) {
            HttpResponse<String> refused = hook(channel, message, secret);
            String detail = assertProblem(refused, 503);
            assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null), "a 503 says when to try again");
            assertTrue(detail.contains("io.rapport.conversations"), detail);
        }
        awaitChannel(channel);
        assertEquals("[]", dataOf(http.get("/api/v1/people?email=" + email)));
        assertEquals(202, hook(channel, message, secret).statusCode(), "taken once conversations is back");
    }

    // ---- email ----

    @Test
    void mailBecomesConversationsAndRepliesGoOutThroughTheRelay() throws Exception {
        String channel = "mail-" + u;
        String domain = "help-" + u + ".test";
        int port = freePort();
        try (FakeSmtpRelay relay = new FakeSmtpRelay()) {
            cleanups.add(configs.set(EMAIL, Map.of("channel", channel, "smtp.port", port, "accepted.domains", domain + ", other-" + u + ".test",
                    "relay.host", "127.0.0.1", "relay.port", relay.port(), "relay.starttls", false,
                    "from.address", "Acme Support <support@" + domain + ">")));
            Bundle plugin = install(EMAIL);
            Map<String, Object> entry = awaitChannel(channel);
            assertEquals(true, entry.get("can_send"), entry.toString());
            assertEquals(EMAIL, ((Map<?, ?>) entry.get("plugin")).get("symbolic_name"), entry.toString());

            String sender = "Grace." + u + "@Example.org";
            String lower = sender.toLowerCase();
            String firstId = "<first-" + u + "@example.org>";
            try (SmtpClient smtp = SmtpClient.connect(port)) {
                assertTrue(smtp.command("EHLO client.test", 250).contains("SIZE"), "the size limit is advertised");
                smtp.command("MAIL FROM:<" + sender + ">", 250);
                smtp.command("RCPT TO:<someone@elsewhere.test>", 550);
                smtp.command("RCPT TO:<help@" + domain + ">", 250);
                String answer = smtp.data("From: Grace Hopper <" + sender + ">\r\nTo: help@" + domain + "\r\nSubject: Printer on fire\r\n"
                        + "Message-ID: " + firstId + "\r\nDate: Sun, 22 Nov 2026 09:00:00 +0000\r\n\r\nIt is really on fire.\r\n.. and smoking.\r\n");
                assertTrue(answer.startsWith("250"), answer);
                smtp.command("QUIT");
            }
            Map<String, Object> person = onlyOne(http.get("/api/v1/people?email=" + lower));
            String personId = (String) person.get("id");
            assertEquals("Grace Hopper", person.get("name"), person.toString());
            Map<String, Object> conversation = onlyOne(http.get("/api/v1/people/" + personId + "/conversations"));
            String conversationId = (String) conversation.get("id");
            assertEquals(channel, conversation.get("channel"));
            assertEquals("Printer on fire", conversation.get("subject"));
            HttpResponse<String> full = http.get("/api/v1/conversations/" + conversationId);
            assertTrue(full.body().contains("It is really on fire.\\n.. and smoking."), "dot-stuffing undone: " + full.body());

            HttpResponse<String> reply = http.post("/api/v1/conversations/" + conversationId + "/replies", "{\"text\":\"Please step away from it.\"}");
            assertEquals(201, reply.statusCode(), reply.body());
            assertTrue(reply.body().contains("\"status\":\"sent\""), reply.body());
            FakeSmtpRelay.Mail out = relay.next(10);
            assertEquals(1, out.recipients.size(), out.recipients.toString());
            assertTrue(out.recipients.get(0).startsWith("<" + lower + ">"), out.recipients.toString());
            assertTrue(out.from.startsWith("<support@" + domain + ">"), out.from);
            assertEquals(lower, out.header("To"));
            assertEquals("Re: Printer on fire", out.header("Subject"));
            assertEquals(firstId, out.header("In-Reply-To"));
            assertTrue(out.header("References").contains(firstId), out.header("References"));
            assertTrue(out.header("From").contains("support@" + domain), out.header("From"));
            assertTrue(out.body().contains("Please step away from it."), out.body());
            String replyId = out.header("Message-ID");
            assertNotNull(replyId);

            // The answer to our reply continues the conversation; a new thread from the same sender would open another.
            String answer = SmtpClient.send(port, sender, "help@" + domain, "From: " + sender + "\r\nTo: help@" + domain
                    + "\r\nSubject: Re: Printer on fire\r\nMessage-ID: <second-" + u + "@example.org>\r\nIn-Reply-To: " + replyId
                    + "\r\nReferences: " + firstId + " " + replyId + "\r\n\r\nDone, thanks.\r\n");
            assertTrue(answer.startsWith("250"), answer);
            assertEquals(3L, messageCount(conversationId));
            assertEquals(conversationId, onlyOne(http.get("/api/v1/people/" + personId + "/conversations")).get("id"));

            // Conversations stopped: a temporary refusal, so the sending server keeps the mail and retries.
            String later = "From: " + sender + "\r\nSubject: Also\r\nMessage-ID: <third-" + u + "@example.org>\r\n\r\nOne more thing.\r\n";
            try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.conversations")) {
                String refused = SmtpClient.send(port, sender, "help@" + domain, later);
                assertTrue(refused.startsWith("451"), refused);
            }
            awaitChannel(channel);
            assertTrue(SmtpClient.send(port, sender, "help@" + domain, later).startsWith("250"));

            plugin.uninstall();
            awaitNoChannel(channel);
            assertEquals(200, http.get("/api/v1/conversations/" + conversationId).statusCode());
            assertFalse(canConnect(port), "the SMTP server stopped with its bundle");
        }
    }

    // ---- helpers ----

    private Bundle install(String symbolicName) throws Exception {
        Bundle b = context.installBundle("test:" + symbolicName, TestBundles.shipped(symbolicName));
        installed.add(b);
        b.start();
        return b;
    }

    /** The Standard Webhooks signature: {@code v1,<base64 of HMAC-SHA256(secret, "<id>.<timestamp>.<body>")>}. */
    static String sign(String secret, String id, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    static String legacySign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A message signed with {@code secret} (none when null), with a new message id and the time now. */
    private HttpResponse<String> hook(String channel, String body, String secret) throws Exception {
        if (secret == null) {
            return raw("POST", "/hooks/" + channel, body);
        }
        String id = "msg_" + UUID.randomUUID();
        long now = System.currentTimeMillis() / 1000;
        return signed(channel, body, id, now, sign(secret, id, now, body));
    }

    private HttpResponse<String> signed(String channel, String body, String id, long timestamp, String signature) throws Exception {
        return raw("POST", "/hooks/" + channel, body, "webhook-id", id, "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", signature);
    }

    private HttpResponse<String> legacy(String channel, String body, String signature) throws Exception {
        return raw("POST", "/hooks/" + channel, body, "X-Rapport-Signature", signature);
    }

    private HttpResponse<String> raw(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base + path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return CLIENT.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Checks a problem+json answer with type, title, status and detail; answers its body. */
    private static String assertProblem(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim(), r.body());
        Map<String, Object> p = JsonText.object(r.body());
        assertEquals((long) status, p.get("status"), r.body());
        assertTrue(p.get("type") instanceof String && p.get("title") instanceof String && p.get("detail") instanceof String, r.body());
        return r.body();
    }

    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> channelEntry(String channel) throws Exception {
        HttpResponse<String> r = http.get("/api/v1/channels");
        if (r.statusCode() != 200) {
            return Optional.empty();
        }
        List<Object> data = (List<Object>) JsonText.object(r.body()).get("data");
        return data.stream().map(o -> (Map<String, Object>) o).filter(c -> channel.equals(c.get("channel"))).findFirst();
    }

    private Map<String, Object> awaitChannel(String channel) throws Exception {
        return poll(() -> {
            try {
                return channelEntry(channel);
            } catch (Exception e) {
                return Optional.empty();
            }
        }, "GET /api/v1/channels listing " + channel);
    }

    private void awaitNoChannel(String channel) throws Exception {
        waitUntil(() -> {
            try {
                return channelEntry(channel).isEmpty();
            } catch (Exception e) {
                return false;
            }
        }, "GET /api/v1/channels without " + channel);
    }

    private long messageCount(String conversationId) throws Exception {
        HttpResponse<String> r = http.get("/api/v1/conversations/" + conversationId);
        assertEquals(200, r.statusCode(), r.body());
        return (Long) JsonText.object(r.body()).get("message_count");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyOne(HttpResponse<String> list) {
        assertEquals(200, list.statusCode(), list.body());
        List<Object> data = (List<Object>) JsonText.object(list.body()).get("data");
        assertEquals(1, data.size(), list.body());
        return (Map<String, Object>) data.get(0);
    }

    private static String dataOf(HttpResponse<String> list) {
        assertEquals(200, list.statusCode(), list.body());
        return String.valueOf(JsonText.object(list.body()).get("data"));
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean canConnect(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        poll(() -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), what);
    }

    private static <T> T poll(Supplier<Optional<T>> probe, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        do {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("waited 20 s in vain for " + what);
    }
}
