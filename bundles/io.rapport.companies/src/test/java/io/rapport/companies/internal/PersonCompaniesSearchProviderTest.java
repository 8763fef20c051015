package io.rapport.companies.internal;

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

import io.rapport.companies.internal.PersonCompaniesSearchProvider.Info;

class PersonCompaniesSearchProviderTest {
    @Test
    void aPersonInOneCompanyHasPlainValues() {
        Map<String, Object> v = PersonCompaniesSearchProvider.values(List.of(new Info("com_a", "Acme", "acme.com", "Retail", 50)));
        assertEquals(List.of("com_a"), v.get("companies.id"));
        assertEquals(List.of("Acme"), v.get("companies.name"));
        assertEquals(List.of("acme.com"), v.get("companies.domain"));
        assertEquals(List.of("Retail"), v.get("companies.industry"));
        assertEquals(50, v.get("companies.size"), "one size is a number, so that it sorts");
    }

    @Test
    void severalCompaniesGiveSeveralValuesAndNoneGivesNulls() {
        Map<String, Object> v = PersonCompaniesSearchProvider.values(List.of(new Info("com_b", "Beta", null, "Retail", 10),
                new Info("com_a", "Acme", "acme.com", "Retail", 50)));
        assertEquals(List.of("com_a", "com_b"), v.get("companies.id"));
        assertEquals(List.of("Acme", "Beta"), v.get("companies.name"));
        assertEquals(List.of("acme.com"), v.get("companies.domain"));
        assertEquals(List.of("Retail"), v.get("companies.industry"));
        assertEquals(List.of(50, 10), v.get("companies.size"));
        Map<String, Object> none = PersonCompaniesSearchProvider.values(List.of());
        assertEquals(5, none.size());
        none.values().forEach(x -> assertNull(x));
    }

    @Test
    void onlySearchedFieldsReSetMembers() {
        assertTrue(PersonCompaniesSearchProvider.searchedFieldChanged(Map.of("changes", Map.of("industry", Map.of()))));
        assertFalse(PersonCompaniesSearchProvider.searchedFieldChanged(Map.of("changes", Map.of("website", Map.of()))));
        assertTrue(PersonCompaniesSearchProvider.searchedFieldChanged(Map.of()));
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
