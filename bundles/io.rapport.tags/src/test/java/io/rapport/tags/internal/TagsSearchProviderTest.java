package io.rapport.tags.internal;

import io.rapport.persistence.api.SubjectPages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class TagsSearchProviderTest {
    /** Rows of a table ordered by subject, read as the database would answer the paged query. */
    private static List<Object[]> table(String... subjectAndTag) {
        List<Object[]> rows = new ArrayList<>();
        for (String s : subjectAndTag) {
            String[] p = s.split(":");
            rows.add(new Object[] { p[0], p[1] });
        }
        return rows;
    }

    private static Map<String, List<String>> read(List<Object[]> table, int limit, int[] pages) {
        Map<String, List<String>> seen = new LinkedHashMap<>();
        long subjects = SubjectPages.forEach((after, max) -> {
            pages[0]++;
            return table.stream().filter(r -> ((String) r[0]).compareTo(after) > 0).limit(max).collect(Collectors.toList());
        }, subject -> table.stream().filter(r -> r[0].equals(subject)).collect(Collectors.toList()), limit, (subject, rows) -> {
            assertFalse(seen.containsKey(subject), "each subject once: " + subject);
            seen.put(subject, rows.stream().map(r -> (String) r[1]).collect(Collectors.toList()));
        });
        assertEquals(seen.size(), subjects);
        return seen;
    }

    @Test
    void pagesHandOverEachSubjectWithAllItsRows() {
        List<Object[]> table = table("a:1", "a:2", "b:1", "c:1", "c:2", "c:3", "d:9", "e:1", "e:2");
        for (int limit = 1; limit <= 10; limit++) {
            Map<String, List<String>> seen = read(table, limit, new int[1]);
            assertEquals(List.of("a", "b", "c", "d", "e"), new ArrayList<>(seen.keySet()), "limit " + limit);
            assertEquals(List.of("1", "2", "3"), seen.get("c"), "limit " + limit);
            assertEquals(List.of("1", "2"), seen.get("e"), "limit " + limit);
        }
    }

    @Test
    void anEmptyTableIsOneRead() {
        int[] pages = new int[1];
        assertTrue(read(List.of(), 100, pages).isEmpty());
        assertEquals(1, pages[0]);
    }

    @Test
    void aFullLastPageNeedsOneMoreRead() {
        int[] pages = new int[1];
        assertEquals(4, read(table("a:1", "b:1", "c:1", "d:1"), 2, pages).size());
        assertTrue(pages[0] >= 3, "pages " + pages[0]);
    }

    @Test
    void theValueHoldsNamesThenIds() {
        Map<String, String> carried = new LinkedHashMap<>();
        carried.put("tag_b", "vip");
        carried.put("tag_a", "Churned");
        assertEquals(List.of("Churned", "vip", "tag_a", "tag_b"), TagsSearchProvider.value(carried));
        assertNull(TagsSearchProvider.value(Map.of()));
    }

    @Test
    void onlyRenamesChangeTheValue() {
        assertTrue(TagsSearchProvider.nameChanged(Map.of("changes", Map.of("name", Map.of("old", "a", "new", "b")))));
        assertFalse(TagsSearchProvider.nameChanged(Map.of("changes", Map.of("color", Map.of("old", "#000000")))));
        assertTrue(TagsSearchProvider.nameChanged(Map.of()), "unknown changes: re-set to be safe");
    }
}
