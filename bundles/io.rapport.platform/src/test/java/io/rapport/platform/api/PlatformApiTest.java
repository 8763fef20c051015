package io.rapport.platform.api;

import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.Problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PlatformApiTest {
    @Test
    void emailsAreNormalisedOrRefused() {
        assertEquals("ada@example.com", Validators.normaliseEmail("  Ada@Example.COM "));
        assertEquals("a.b+tag@mail.example.co.uk", Validators.normaliseEmail("a.b+tag@mail.example.co.uk"));
        for (String bad : new String[] { "ada", "ada@", "@example.com", "ada@example", "a b@example.com", "ada@@example.com", "ada@-x.com" }) {
            assertNull(Validators.normaliseEmail(bad), bad);
        }
        assertNull(Validators.normaliseEmail(null));
    }

    @ParameterizedTest
    @ValueSource(strings = { "+14155550123", "+44 20 7946 0958", "(415) 555-0123", "030 1234567", "+1 415 555 0123 ext. 12", "555-0123 x5" })
    void phonesThatAreAccepted(String phone) {
        assertTrue(Validators.isPhone(phone), phone);
    }

    @ParameterizedTest
    @ValueSource(strings = { "call me", "123", "+1234567890123456789", "12-ab-34", "" })
    void phonesThatAreRefused(String phone) {
        assertFalse(Validators.isPhone(phone), phone);
    }

    @Test
    void webUrlsMustBeAbsoluteHttp() {
        assertTrue(Validators.isWebUrl("https://example.com/a.png"));
        assertTrue(Validators.isWebUrl("http://localhost:8080/x"));
        assertFalse(Validators.isWebUrl("ftp://example.com/a.png"));
        assertFalse(Validators.isWebUrl("javascript:alert(1)"));
        assertFalse(Validators.isWebUrl("/relative.png"));
        assertFalse(Validators.isWebUrl("https://"));
    }

    @Test
    void mergePatchFollowsRfc7396() {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("a", "b");
        target.put("c", Map.of("d", "e", "f", "g"));
        target.put("list", List.of(1, 2));
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("a", "z");
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("f", null);
        patch.put("c", inner);
        patch.put("list", List.of(3));
        patch.put("new", "x");
        Map<String, Object> result = MergePatch.apply(target, patch);
        assertEquals("z", result.get("a"));
        assertEquals(Map.of("d", "e"), result.get("c"));
        assertEquals(List.of(3), result.get("list"), "arrays are replaced, not merged");
        assertEquals("x", result.get("new"));
        Map<String, Object> remove = new LinkedHashMap<>();
        remove.put("a", null);
        assertFalse(MergePatch.apply(target, remove).containsKey("a"));
        assertEquals("b", target.get("a"), "the target is not changed");
    }

    @Test
    void cursorsRoundTripAndRejectForgeries() {
        Cursor c = new Cursor(1_700_000_000_123_456L, "per_abc");
        Cursor back = Cursor.decode(c.encode());
        assertEquals(c.time, back.time);
        assertEquals(c.id, back.id);
        assertNull(Cursor.decode(null));
        assertNull(Cursor.decode(""));
        for (String bad : new String[] { "not-a-cursor", "!!!", "MTIz", "OnBlcl9hYmM" }) {
            DomainException e = assertThrows(DomainException.class, () -> Cursor.decode(bad), bad);
            assertEquals(400, Problem.statusOf(e));
            assertEquals("cursor", e.errors.get(0).field);
        }
    }

    @Test
    void limitsAreChecked() {
        assertEquals(Page.DEFAULT_LIMIT, Page.limit(null));
        assertEquals(Page.DEFAULT_LIMIT, Page.limit(" "));
        assertEquals(200, Page.limit("200"));
        for (String bad : new String[] { "0", "-1", "201", "ten", "1.5" }) {
            assertEquals("limit", assertThrows(DomainException.class, () -> Page.limit(bad)).errors.get(0).field, bad);
        }
    }

    @Test
    void ifMatchIsReadAsAVersion() {
        assertNull(RestApi.ifMatchVersion(null));
        assertNull(RestApi.ifMatchVersion("*"));
        assertEquals(3L, RestApi.ifMatchVersion("\"3\""));
        assertEquals(3L, RestApi.ifMatchVersion("W/\"3\""));
        assertEquals(3L, RestApi.ifMatchVersion("3"));
        assertEquals(RestApi.NO_VERSION, RestApi.ifMatchVersion("\"abc\""));
    }

    @Test
    void readerCollectsEveryProblemWithItsField() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", 42);
        body.put("tags", List.of("a", 7));
        body.put("extra", true);
        body.put("place", Map.of("city", List.of()));
        JsonObjectReader in = new JsonObjectReader(body).onlyKnown(Set.of("name", "tags", "place"));
        assertNull(in.string("name", 10));
        assertEquals(List.of("a"), in.strings("tags", 5, 10));
        in.object("place").string("city", 10);
        DomainException e = assertThrows(DomainException.class, in::throwIfInvalid);
        assertEquals(List.of("extra", "name", "tags[1]", "place.city"), e.errors.stream().map(f -> f.field).toList());
        assertTrue(e.detail.contains("name"), e.detail);
    }

    @Test
    void monotonicClockNeverRepeats() {
        long previous = MonotonicClock.nowMicros();
        for (int i = 0; i < 10_000; i++) {
            long now = MonotonicClock.nowMicros();
            assertTrue(now > previous);
            previous = now;
        }
        assertEquals(1_700_000_000_123_456L, toMicros(MonotonicClock.toInstant(1_700_000_000_123_456L)));
    }

    private static long toMicros(java.time.Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }
}
