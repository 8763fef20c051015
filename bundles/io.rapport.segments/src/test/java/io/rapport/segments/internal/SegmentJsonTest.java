package io.rapport.segments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.api.Problem;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.errors.DomainException;
import io.rapport.segments.api.SegmentData;

class SegmentJsonTest {
    private static List<String> fields(DomainException e) {
        return e.errors.stream().map(f -> f.field).sorted().collect(Collectors.toList());
    }

    @Test
    void readsACreateBody() {
        SegmentData d = SegmentJson.read(Map.of("name", "  Active customers ", "model", "person",
                "query", Map.of("field", "tags", "operator", "=", "value", "customer")));
        assertEquals("Active customers", d.name);
        assertEquals("person", d.model);
    }

    @Test
    void namesEveryFieldAtFault() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", " ");
        body.put("model", "lead");
        body.put("query", "tags = vip");
        body.put("count", 3);
        body.put("colour", "red");
        DomainException e = assertThrows(DomainException.class, () -> SegmentJson.read(body));
        assertEquals(400, Problem.statusOf(e));
        assertEquals(List.of("colour", "count", "model", "name", "query"), fields(e));
        assertEquals(List.of("model", "name", "query"), fields(assertThrows(DomainException.class, () -> SegmentJson.read(Map.of()))));
    }

    @Test
    void aQueryTooLargeToStoreIsRefused() {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < SegmentJson.MAX_QUERY_CHARS; i++) {
            big.append('x');
        }
        DomainException e = assertThrows(DomainException.class, () -> SegmentJson.read(Map.of("name", "n", "model", "person",
                "query", Map.of("field", "name", "operator", "=", "value", big.toString()))));
        assertEquals(List.of("query"), fields(e));
    }

    @Test
    void searchErrorsAreNamedFromTheBodysRoot() {
        DomainException e = SegmentJson.queryProblem(new InvalidException(List.of(new FieldError("and[1].field", "unknown"),
                new FieldError("query.or[0].operator", "bad"), new FieldError("query", "empty"))));
        assertEquals(List.of("query", "query.and[1].field", "query.or[0].operator"), fields(e));
    }

    @Test
    void storedQueriesReadBackAsTheyCameIn() {
        Object q = Map.of("and", List.of(Map.of("field", "attributes.seats", "operator", "between", "value", List.of(1, new BigDecimal("2.50")))));
        assertEquals(q, SegmentJson.readQuery(SegmentJson.write(q)));
    }
}
