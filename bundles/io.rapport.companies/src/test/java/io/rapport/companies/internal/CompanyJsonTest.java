package io.rapport.companies.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.rapport.companies.api.CompanyData;
import io.rapport.platform.errors.DomainException;

class CompanyJsonTest {
    private static List<String> fields(DomainException e) {
        return e.errors.stream().map(f -> f.field).toList();
    }

    @Test
    void domainsAreHostNamesInLowerCase() {
        assertEquals("acme.com", CompanyJson.normaliseDomain(" Acme.COM. "));
        assertEquals("www.acme.co.uk", CompanyJson.normaliseDomain("www.acme.co.uk"));
        assertEquals("xn--bcher-kva.example", CompanyJson.normaliseDomain("Bücher.example"));
        for (String bad : List.of("http://x", "https://acme.com", "acme.com/about", "acme.com:8080", "localhost", "a b.com",
                "-acme.com", "acme..com", "10.0.0.1", "me@acme.com", "")) {
            assertNull(CompanyJson.normaliseDomain(bad), bad);
        }
    }

    @Test
    void readsEveryWritableField() {
        CompanyData d = CompanyJson.read(Map.of("name", " Acme ", "domain", "Acme.com", "website", "https://acme.com",
                "industry", "Anvils", "size", 120, "external_id", "crm-1"), false);
        CompanyData n = CompanyJson.normalise(d);
        assertEquals("Acme", n.name);
        assertEquals("acme.com", n.domain);
        assertEquals(120, n.size);
        assertEquals("crm-1", n.externalId);
    }

    @Test
    void sizeIsAWholeNumberOfZeroOrMore() {
        assertEquals(0, CompanyJson.read(Map.of("size", 0), false).size);
        assertEquals(10, CompanyJson.read(Map.of("size", new BigDecimal("10.0")), false).size);
        assertEquals(3_000_000, CompanyJson.read(Map.of("size", 3_000_000L), false).size);
        for (Object bad : List.of(-1, new BigDecimal("1.5"), "12", true, 1L << 40)) {
            DomainException e = assertThrows(DomainException.class, () -> CompanyJson.read(Map.of("size", bad), false), String.valueOf(bad));
            assertEquals(List.of("size"), fields(e));
        }
    }

    @Test
    void everyFaultIsNamed() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "com_1");
        body.put("employees", 5);
        DomainException unknown = assertThrows(DomainException.class, () -> CompanyJson.read(body, false));
        assertEquals(List.of("id", "employees"), fields(unknown));

        CompanyData d = new CompanyData();
        d.name = " ";
        d.domain = "http://x";
        d.website = "ftp://acme.com";
        DomainException invalid = assertThrows(DomainException.class, () -> CompanyJson.normalise(d));
        assertEquals(List.of("name", "domain", "website"), fields(invalid));
    }
}
