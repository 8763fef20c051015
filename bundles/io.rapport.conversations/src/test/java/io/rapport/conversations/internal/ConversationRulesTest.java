package io.rapport.conversations.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.rapport.conversations.spi.InboundMessage;
import io.rapport.conversations.spi.ResolvedLocation;
import io.rapport.people.api.Location;
import io.rapport.platform.api.ProblemException;

/** The rules that need no framework: medians, location merging, address literals, input checks, periods. */
class ConversationRulesTest {
    @Test
    void medianOfOddAndEvenCountsInSeconds() {
        assertNull(ConversationsServiceImpl.medianSeconds(new ArrayList<>()));
        assertEquals(2.0, ConversationsServiceImpl.medianSeconds(new ArrayList<>(List.of(3_000_000L, 1_000_000L, 2_000_000L))));
        assertEquals(1.5, ConversationsServiceImpl.medianSeconds(new ArrayList<>(List.of(1_000_000L, 2_000_000L))));
        assertEquals(0.001, ConversationsServiceImpl.medianSeconds(new ArrayList<>(List.of(1_200L))), "to the millisecond");
    }

    @Test
    void anotherCountryReplacesTheLocationAndACoarserAnswerKeepsTheCity() {
        Location london = new Location("London", "England", "GB");
        assertEquals(Map.of(), InboxImpl.locationPatch(london, new ResolvedLocation(null, null, "GB")));
        assertEquals(Map.of(), InboxImpl.locationPatch(london, new ResolvedLocation("London", "England", "GB")));
        assertEquals(Map.of("city", "Leeds"), InboxImpl.locationPatch(london, new ResolvedLocation("Leeds", "England", "GB")));
        Map<String, Object> paris = InboxImpl.locationPatch(london, new ResolvedLocation(null, "Île-de-France", "FR"));
        assertEquals("FR", paris.get("country"));
        assertTrue(paris.containsKey("city") && paris.get("city") == null, "a city in another country is cleared");
        assertEquals(Map.of(), InboxImpl.locationPatch(london, null));
    }

    @Test
    void onlyIpLiteralsAreAddresses() {
        assertNotNull(InboxImpl.literal("203.0.113.9"));
        assertNotNull(InboxImpl.literal("2001:db8::1"));
        assertNull(InboxImpl.literal("example.com"), "never a DNS lookup");
        assertNull(InboxImpl.literal("cafe"));
        assertNull(InboxImpl.literal("2001:zz8::1"));
    }

    @Test
    void messagesAreCheckedWithTheReason() {
        ConversationsServiceImpl.Inbound in = InboxImpl.check(InboundMessage.builder("web-chat", " visitor-1 ", "Hi").email("BAD")
                .phone("+44 20 7946 0958").ipAddress("  ").build());
        assertEquals("visitor-1", in.handle);
        assertNull(in.email, "a malformed email is left out, not the message");
        assertEquals("+44 20 7946 0958", in.phone);
        assertNull(in.ipAddress);
        assertThrows(IllegalArgumentException.class, () -> InboxImpl.check(InboundMessage.builder("Web", "h", "x").build()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InboxImpl.check(InboundMessage.builder("web", "h", "x").threadKey("k".repeat(501)).build()));
        assertTrue(e.getMessage().startsWith("thread key must be at most 500"), e.getMessage());
    }

    @Test
    void periodsTakeDatesOrInstants() {
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), CompanyInsightsResource.parse("from", "2026-01-01", false));
        assertEquals(Instant.parse("2026-04-01T00:00:00Z"), CompanyInsightsResource.parse("to", "2026-03-31", true));
        assertEquals(Instant.parse("2026-03-31T12:00:00Z"), CompanyInsightsResource.parse("to", "2026-03-31T12:00:00Z", true));
        ProblemException bad = assertThrows(ProblemException.class, () -> CompanyInsightsResource.parse("from", "31/03/2026", false));
        assertEquals("from", bad.errors.get(0).field);
    }
}
