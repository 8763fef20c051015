package io.rapport.channel.webhook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.rapport.platform.api.Problem;
import io.rapport.conversations.spi.InboundMessage;
import io.rapport.conversations.spi.OutboundMessage;
import io.rapport.platform.errors.DomainException;

class WebhookTest {
    private static final byte[] BODY = "{\"handle\":\"v-1\",\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signatureIsTheStandardWebhooksOne() {
        // the reference vector of the Standard Webhooks libraries
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", Signatures.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void verifyAcceptsOnlyTheRightSignatureOfTheRightMessageAndTime() {
        String good = Signatures.sign("s3cret", "msg_1", 1700000000L, BODY);
        assertTrue(Signatures.verify("s3cret", "msg_1", 1700000000L, BODY, good));
        assertTrue(Signatures.verify("s3cret", "msg_1", 1700000000L, BODY, "v1,bm90IHRoaXM= " + good), "one of several (rotation)");
        assertFalse(Signatures.verify("other", "msg_1", 1700000000L, BODY, good));
        assertFalse(Signatures.verify("s3cret", "msg_2", 1700000000L, BODY, good), "the id is signed");
        assertFalse(Signatures.verify("s3cret", "msg_1", 1700000001L, BODY, good), "the time is signed");
        assertFalse(Signatures.verify("s3cret", "msg_1", 1700000000L, "{\"handle\":\"v-1\",\"text\":\"hi!\"}".getBytes(StandardCharsets.UTF_8), good));
        assertFalse(Signatures.verify("s3cret", "msg_1", 1700000000L, BODY, good.substring("v1,".length())));
        assertFalse(Signatures.verify("s3cret", "msg_1", 1700000000L, BODY, null));
        assertFalse(Signatures.verify("s3cret", "msg_1", 1700000000L, BODY, ""));
    }

    @Test
    void legacySignatureIsTheHexHmacOfTheRawBody() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                Signatures.signLegacy("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(Signatures.verifyLegacy("s3cret", BODY, Signatures.signLegacy("s3cret", BODY).toUpperCase().replace("SHA256=", "sha256=")));
        assertFalse(Signatures.verifyLegacy("other", BODY, Signatures.signLegacy("s3cret", BODY)));
    }

    @Test
    void aMessageIdIsTakenOncePerChannelWhileItsTimestampCouldStillPass() {
        SeenIds seen = new SeenIds();
        long now = 1_000_000L;
        assertTrue(seen.first("a", "msg_1", now));
        assertFalse(seen.first("a", "msg_1", now + 1000), "a repeat is refused");
        assertTrue(seen.first("b", "msg_1", now + 1000), "ids are per channel");
        seen.forget("a", "msg_1");
        assertTrue(seen.first("a", "msg_1", now + 2000), "a refused message may be sent again");
        assertTrue(seen.first("a", "msg_1", now + 2000 + SeenIds.KEEP_MILLIS), "forgotten once its timestamp is stale");
    }

    @Test
    void bodyMapsToAnInboundMessage() {
        Map<String, Object> body = HooksServlet.parse(("{\"handle\":\"visitor-7\",\"text\":\"Where is my order?\",\"name\":\"Ada\","
                + "\"email\":\"Ada@Example.com\",\"phone\":\"+441234567890\",\"ip\":\"81.128.0.1\",\"user_agent\":\"UA/1\","
                + "\"thread\":\"t-1\",\"message_id\":\"m-1\",\"sent_at\":\"2026-11-22T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
        InboundMessage m = InboundJson.read("webhook", body, null);
        assertEquals("webhook", m.channel());
        assertEquals("visitor-7", m.handle());
        assertEquals("Where is my order?", m.text());
        assertEquals("Ada", m.name());
        assertEquals("Ada@Example.com", m.email());
        assertEquals("+441234567890", m.phone());
        assertEquals("81.128.0.1", m.ipAddress());
        assertEquals("UA/1", m.userAgent());
        assertEquals("t-1", m.threadKey());
        assertEquals("m-1", m.messageId());
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), m.sentAt());
        assertNull(m.subject());
    }

    @Test
    void invalidBodiesNameEveryFieldAtFault() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", "");
        body.put("email", "not-an-email");
        body.put("ip", "example.com");
        body.put("sent_at", "yesterday");
        body.put("colour", "blue");
        DomainException e = assertThrows(DomainException.class, () -> InboundJson.read("webhook", body, null));
        assertEquals(400, Problem.statusOf(e));
        Set<String> fields = e.errors.stream().map(f -> f.field).collect(Collectors.toSet());
        assertEquals(Set.of("handle", "text", "email", "ip", "sent_at", "colour"), fields);
    }

    @Test
    void nonObjectsAndBrokenJsonAre400() {
        assertEquals(400, Problem.statusOf(assertThrows(DomainException.class, () -> HooksServlet.parse("[1,2]".getBytes()))));
        assertEquals(400, Problem.statusOf(assertThrows(DomainException.class, () -> HooksServlet.parse("{\"handle\":".getBytes()))));
        assertEquals("body", assertThrows(DomainException.class, () -> HooksServlet.parse("nope".getBytes())).errors.get(0).field);
    }

    @Test
    void ipLiteralsNeverTriggerNameLookups() {
        assertTrue(InboundJson.isIpLiteral("2001:db8::1"));
        assertTrue(InboundJson.isIpLiteral("::ffff:1.2.3.4"));
        assertTrue(InboundJson.isIpLiteral("8.8.8.8"));
        assertFalse(InboundJson.isIpLiteral("256.1.1.1"));
        assertFalse(InboundJson.isIpLiteral("1.2.3"));
        assertFalse(InboundJson.isIpLiteral("localhost"));
    }

    @Test
    void configurationProblemsAreNamed() {
        assertNull(WebhookChannel.problemOf("webhook", "s", null));
        assertNull(WebhookChannel.problemOf("shop-2", "s", "https://example.com/replies"));
        assertTrue(WebhookChannel.problemOf("webhook", null, null).contains("no secret configured"));
        assertTrue(WebhookChannel.problemOf("webhook", "  ", null).contains("no secret configured"));
        assertNotNull(WebhookChannel.problemOf("Web Hook", "s", null));
        assertNotNull(WebhookChannel.problemOf("-x", "s", null));
        assertNotNull(WebhookChannel.problemOf("webhook", "s", "ftp://example.com"));
    }

    @Test
    void replyBodyHasEveryField() throws Exception {
        byte[] body = WebhookConnector.body(new OutboundMessage("cnv_1", "msg_2", "visitor-7", null, "m-1", null, "On its way", "Grace"));
        assertEquals("{\"conversation_id\":\"cnv_1\",\"message_id\":\"msg_2\",\"handle\":\"visitor-7\",\"thread\":null,"
                + "\"text\":\"On its way\",\"agent\":\"Grace\"}", new String(body, StandardCharsets.UTF_8));
        assertFalse(new WebhookConnector("webhook", "s", null, false).canSend());
        assertTrue(new WebhookConnector("webhook", "s", "http://127.0.0.1:1/r", false).canSend());
    }
}
