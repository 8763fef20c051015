package io.rapport.people.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.rapport.people.api.PersonData;
import io.rapport.platform.errors.DomainException;

class PersonJsonTest {
    private static List<String> fields(DomainException e) {
        return e.errors.stream().map(f -> f.field).toList();
    }

    @Test
    void readsEveryWritableField() {
        PersonData d = PersonJson.read(Map.of("name", " Ada ", "emails", List.of("a@example.com"), "phones", List.of("+1 415 555 0123"),
                "avatar_url", "https://example.com/a.png", "external_id", "crm-1", "location", Map.of("city", "London")), false);
        assertEquals("Ada", d.name);
        assertEquals(List.of("a@example.com"), d.emails);
        assertEquals("crm-1", d.externalId);
        assertEquals("London", d.location.city);
        assertNull(d.location.country);
    }

    @Test
    void unknownAndReadOnlyFieldsAreNamed() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nickname", "x");
        body.put("id", "per_1");
        DomainException e = assertThrows(DomainException.class, () -> PersonJson.read(body, false));
        assertEquals(List.of("nickname", "id"), fields(e));
        PersonJson.read(Map.of("id", "per_1", "created_at", "x", "updated_at", "y"), true);
    }

    @Test
    void wrongTypesAreNamed() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", List.of());
        body.put("emails", "a@b.co");
        body.put("location", "London");
        assertEquals(List.of("name", "emails", "location"), fields(assertThrows(DomainException.class, () -> PersonJson.read(body, false))));
    }

    @Test
    void normalisingLowerCasesAndDeduplicates() {
        PersonData d = new PersonData();
        d.name = "  ";
        d.emails = List.of("A@Example.com", "a@example.com", "b@example.com");
        d.phones = List.of(" +1 415 555 0123 ", "+1 415 555 0123");
        d.externalId = "";
        PersonData n = PersonJson.normalise(d);
        assertNull(n.name, "blank is absent");
        assertEquals(List.of("a@example.com", "b@example.com"), n.emails);
        assertEquals(List.of("+1 415 555 0123"), n.phones);
        assertNull(n.externalId);
    }

    @Test
    void badValuesAreAllReportedAtOnce() {
        PersonData d = new PersonData();
        d.emails = List.of("ok@example.com", "nope");
        d.phones = List.of("call me");
        d.avatarUrl = "data:image/png;base64,xx";
        assertEquals(List.of("emails[1]", "phones[0]", "avatar_url"), fields(assertThrows(DomainException.class, () -> PersonJson.normalise(d))));
    }

    @Test
    void listsAreBounded() {
        List<String> many = java.util.stream.IntStream.range(0, PersonJson.MAX_EMAILS + 1).mapToObj(i -> i + "@example.com").toList();
        assertEquals(List.of("emails"), fields(assertThrows(DomainException.class, () -> PersonJson.read(Map.of("emails", many), false))));
    }
}
