package io.rapport.imports.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.rapport.platform.errors.UnsupportedFormatException;
import io.rapport.platform.api.Problem;
import io.rapport.platform.errors.DomainException;

class RowSourcesTest {
    @Test
    void ndjsonRowsKeepTheirLinesAndReportBadOnes() throws Exception {
        String text = "\uFEFF{\"name\":\"Ann\",\"emails\":[\"ann@x.io\"],\"tags\":[\"VIP\"],\"attributes\":{\"score\":1.5}}\r\n"
                + "\n"
                + "{\"name\":\"Bob\",\"emails\":[\"bob@x.io\"],\"nickname\":\"B\"}\n"
                + "{not json\n"
                + "[1,2]\n"
                + "{\"external_id\":\"c-1\",\"tags\":\"VIP\"}";
        try (NdjsonSource rows = new NdjsonSource(new StringReader(text))) {
            ImportRow ann = rows.next();
            assertEquals(1, ann.line);
            assertNull(ann.problem);
            assertEquals("ann@x.io", ann.key);
            assertEquals(List.of("VIP"), ann.tags);
            assertEquals(new BigDecimal("1.5"), ann.attributes.get("score"));
            assertEquals(Map.of("name", "Ann", "emails", List.of("ann@x.io")), ann.person);
            ImportRow bob = rows.next();
            assertEquals(3, bob.line);
            assertTrue(bob.problem.startsWith("nickname: unknown field"), bob.problem);
            assertEquals("bob@x.io", bob.key);
            ImportRow broken = rows.next();
            assertEquals(4, broken.line);
            assertTrue(broken.problem.startsWith("invalid JSON"), broken.problem);
            assertTrue(rows.next().problem.startsWith("the line must be a JSON object"));
            ImportRow tags = rows.next();
            assertEquals(6, tags.line);
            assertEquals("c-1", tags.key);
            assertTrue(tags.problem.startsWith("tags: must be a list"), tags.problem);
            assertNull(rows.next());
        }
    }

    @Test
    void csvMapsColumnsAndConvertsAttributeCells() throws Exception {
        String text = "Name,Email,phones,external_id,city,country,tags,attributes.plan,attributes.seats,attributes.beta,attributes.modules\r\n"
                + "Ann,ann@x.io;ann2@x.io,,a-1,Berlin,DE,VIP;Beta,pro,12,yes,crm;chat\r\n"
                + "\r\n"
                + "\"Doe, \"\"Jo\"\"\",jo@x.io,,,\"Multi\nline\",,,,x,maybe,\n"
                + "Too,many,fields,,,,,,,,,extra\n";
        Map<String, String> storage = Map.of("plan", "text", "seats", "number", "beta", "boolean", "modules", "text_list");
        try (CsvSource rows = new CsvSource(new StringReader(text), storage)) {
            ImportRow ann = rows.next();
            assertEquals(2, ann.line);
            assertNull(ann.problem);
            assertEquals("a-1", ann.key);
            assertEquals(List.of("ann@x.io", "ann2@x.io"), ann.person.get("emails"));
            assertEquals(Map.of("city", "Berlin", "country", "DE"), ann.person.get("location"));
            assertEquals(List.of("VIP", "Beta"), ann.tags);
            assertEquals(Map.of("plan", "pro", "seats", new BigDecimal("12"), "beta", true, "modules", List.of("crm", "chat")), ann.attributes);
            ImportRow jo = rows.next();
            assertEquals(4, jo.line);
            assertTrue(jo.problem.contains("attributes.seats: 'x' is not a number"), jo.problem);
            assertTrue(jo.problem.contains("attributes.beta: 'maybe' is not true or false"), jo.problem);
            ImportRow many = rows.next();
            assertEquals(6, many.line);
            assertTrue(many.problem.contains("12 fields"), many.problem);
            assertNull(rows.next());
        }
    }

    @Test
    void csvQuotedFieldsKeepCommasAndBreaks() throws Exception {
        try (CsvSource rows = new CsvSource(new StringReader("name,email\n\"Doe, \"\"Jo\"\"\",jo@x.io\n"), Map.of())) {
            ImportRow jo = rows.next();
            assertEquals("Doe, \"Jo\"", jo.person.get("name"));
        }
    }

    @Test
    void csvHeaderWithUnknownColumnsIsA400() {
        DomainException e = assertThrows(DomainException.class, () -> new CsvSource(new StringReader("name,mail,attributes.,name\n"), Map.of()));
        assertEquals(400, Problem.statusOf(e));
        assertEquals(3, e.errors.size(), e.detail);
    }

    @Test
    void uploadsCountRows() throws Exception {
        Path file = Files.createTempFile("import", ".csv");
        try {
            String csv = "\uFEFFname,email\r\nAnn,a@x.io\r\n\r\n\"Multi\nline\",b@x.io\nlast,c@x.io";
            assertEquals(3, Uploads.save(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), file, true));
            String ndjson = "{}\n\n  \n{}\r\n{}";
            assertEquals(3, Uploads.save(new ByteArrayInputStream(ndjson.getBytes(StandardCharsets.UTF_8)), file, false));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void mediaTypes() {
        assertEquals("ndjson", ImportServiceImpl.format("application/x-ndjson"));
        assertEquals("ndjson", ImportServiceImpl.format("application/ndjson; charset=UTF-8"));
        assertEquals("csv", ImportServiceImpl.format("text/csv;charset=\"utf-8\""));
        assertThrows(UnsupportedFormatException.class, () -> ImportServiceImpl.format("application/json"));
        assertThrows(UnsupportedFormatException.class, () -> ImportServiceImpl.format("text/csv; charset=latin1"));
    }
}
