package io.rapport.conversations.internal;

import io.rapport.persistence.api.SubjectPages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class ConversationsSearchProviderTest {
    @Test
    void countsAreAbsentWithoutConversations() {
        Map<String, Object> none = ConversationsSearchProvider.counts(List.of());
        assertEquals(3, none.size());
        none.values().forEach(v -> assertNull(v));
    }

    @Test
    void countsCountOpenConversationsAndOpenTickets() {
        Map<String, Object> c = ConversationsSearchProvider.counts(List.of(new Object[] { "p", "open", true },
                new Object[] { "p", "open", (short) 0 }, new Object[] { "p", "closed", (short) 1 }, new Object[] { "p", "open", 1 }));
        assertEquals(4L, c.get("conversations.count"));
        assertEquals(3L, c.get("conversations.open"));
        assertEquals(2L, c.get("tickets.open"));
    }

    @Test
    void lastSeenIsTheLatestSendingButNeverAfterArrival() {
        assertNull(ConversationsSearchProvider.lastSeen(List.of()));
        assertEquals(150L, ConversationsSearchProvider.lastSeen(List.of(new Object[] { "p", 100L, 110L }, new Object[] { "p", 150L, 160L })));
        // a channel's clock in the future: the arrival time counts
        assertEquals(170L, ConversationsSearchProvider.lastSeen(List.of(new Object[] { "p", 9_999L, 170L }, new Object[] { "p", 150L, 160L })));
    }

    @Test
    void pagesHandOverEachPersonWithAllTheirRows() {
        List<Object[]> table = new ArrayList<>();
        for (String s : List.of("a:1", "a:2", "b:1", "c:1", "c:2", "c:3", "d:9")) {
            table.add(s.split(":"));
        }
        for (int limit = 1; limit <= 8; limit++) {
            Map<String, Integer> seen = new LinkedHashMap<>();
            SubjectPages.forEach(
                    (after, max) -> table.stream().filter(r -> ((String) r[0]).compareTo(after) > 0).limit(max).collect(Collectors.toList()),
                    s -> table.stream().filter(r -> r[0].equals(s)).collect(Collectors.toList()), limit,
                    (s, rows) -> assertNull(seen.put(s, rows.size()), "once: " + s));
            assertEquals(Map.of("a", 2, "b", 1, "c", 3, "d", 1), seen, "limit " + limit);
        }
    }
}
