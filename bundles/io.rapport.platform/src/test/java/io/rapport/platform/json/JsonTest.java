package io.rapport.platform.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rapport.platform.api.FieldError;
import io.rapport.platform.api.Problem;
import io.rapport.platform.errors.DomainException;

class JsonTest {
    private static DomainException refused(byte[] body) {
        return assertThrows(DomainException.class, () -> Json.readTree(body));
    }

    private static DomainException refused(String body) {
        return refused(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8IsRefusedWithWhere() {
        DomainException overlong = refused(new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0xbc, '"', '}' });
        assertEquals(400, Problem.statusOf(overlong));
        assertTrue(overlong.detail.contains("byte 6"), overlong.detail);
        assertEquals("body", overlong.errors.get(0).field);
        refused(new byte[] { '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"' });
        refused(new byte[] { '"', (byte) 0xff, '"' });
    }

    @Test
    void loneSurrogatesAreRefusedNamingTheField() {
        assertEquals("a.b[1]", refused("{\"a\":{\"b\":[\"ok\",\"\\ud800\"]}}").errors.get(0).field);
        assertEquals("a", refused("{\"a\":\"x\\udc00\"}").errors.get(0).field);
        assertEquals("\ud83d\ude00", Json.readTree("{\"a\":\"\\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8)).get("a").asText(),
                "a pair is fine");
    }

    @Test
    void numbersMustFitWrittenOut() {
        assertEquals("v", refused("{\"v\":1e40000000}").errors.get(0).field);
        assertEquals("v", refused("{\"v\":1e-1001}").errors.get(0).field);
        Json.readTree("{\"v\":1e999,\"w\":1e-999,\"x\":12.5}".getBytes(StandardCharsets.UTF_8));
        assertTrue(Json.fitsWrittenOut(new BigDecimal("1e999")), "1000 digits");
        assertTrue(!Json.fitsWrittenOut(new BigDecimal("1e1000")), "1001 digits");
    }

    @Test
    void depthStringsNamesAndSyntaxAreBounded() {
        assertEquals("JSON too large", refused("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1)).title);
        Json.readTree(("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH)).getBytes(StandardCharsets.UTF_8));
        assertEquals("JSON too large", refused("{\"" + "k".repeat(Json.MAX_NAME_CHARS + 1) + "\":1}").title);
        assertEquals("JSON too large", refused("{\"a\":" + "9".repeat(Json.MAX_NUMBER_DIGITS + 1) + "}").title);
        assertEquals("Malformed JSON", refused("{\"a\":").title);
        assertEquals("Malformed JSON", refused("{} {}").title);
        assertEquals("Missing body", refused("  ").title);
    }

    @Test
    void problemTextsAreCut() {
        Problem p = new Problem("t", "x".repeat(10_000), 400, "d".repeat(1_000_000),
                List.of(new FieldError("f".repeat(10_000), "m".repeat(1_000_000))));
        assertEquals(Problem.MAX_DETAIL_CHARS, p.detail.length());
        assertEquals(Problem.MAX_MESSAGE_CHARS, p.title.length());
        assertEquals(Problem.MAX_MESSAGE_CHARS, p.errors.get(0).message.length());
        assertEquals(Problem.MAX_MESSAGE_CHARS, p.errors.get(0).field.length());
        assertEquals("\ud83d\ude00".repeat(2) + "…", Problem.cut("\ud83d\ude00".repeat(10), 6), "never inside a surrogate pair");
    }
}
