package io.rapport.attributes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rapport.attributes.spi.StorageKind;
import io.rapport.platform.search.FieldType;

class AttributesSearchProviderTest {
    private static AttributesSearchProvider.Row row(int item, StorageKind storage, String text, Object number, Object bool, Object time) {
        return new AttributesSearchProvider.Row(item, storage.name(), text, number, bool, time);
    }

    @Test
    void fieldsAreTypedByStorage() {
        assertEquals(FieldType.TEXT, AttributesSearchProvider.fieldType("list", StorageKind.TEXT));
        assertEquals(FieldType.NUMBER, AttributesSearchProvider.fieldType("currency", StorageKind.NUMBER));
        assertEquals(FieldType.BOOLEAN, AttributesSearchProvider.fieldType("boolean", StorageKind.BOOLEAN));
        assertEquals(FieldType.TEXT_LIST, AttributesSearchProvider.fieldType("multi-list", StorageKind.TEXT_LIST));
        assertEquals(FieldType.INSTANT, AttributesSearchProvider.fieldType("date", StorageKind.INSTANT));
        assertEquals(FieldType.INSTANT, AttributesSearchProvider.fieldType("datetime", StorageKind.INSTANT));
        assertEquals(FieldType.NUMBER, AttributesSearchProvider.fieldType("acme_quarter", StorageKind.INSTANT),
                "a plugin's instants are in a unit of its own");
    }

    @Test
    void datesBecomeMidnightUtcInMicros() {
        long day = LocalDate.parse("2024-05-31").toEpochDay();
        Object v = AttributesSearchProvider.value("date", List.of(row(0, StorageKind.INSTANT, null, null, null, day)));
        assertEquals(Instant.parse("2024-05-31T00:00:00Z").toEpochMilli() * 1000, v);
        long micros = Instant.parse("2024-05-31T12:30:00Z").toEpochMilli() * 1000;
        assertEquals(micros, AttributesSearchProvider.value("datetime", List.of(row(0, StorageKind.INSTANT, null, null, null, micros))));
        assertEquals(42L, AttributesSearchProvider.value("acme_quarter", List.of(row(0, StorageKind.INSTANT, null, null, null, 42))));
    }

    @Test
    void valuesComeFromTheirTypedColumn() {
        assertEquals("pro", AttributesSearchProvider.value("list", List.of(row(0, StorageKind.TEXT, "pro", null, null, null))));
        assertEquals(new BigDecimal("12.5"), AttributesSearchProvider.value("number", List.of(row(0, StorageKind.NUMBER, null,
                new BigDecimal("12.5"), null, null))));
        // plain SQL answers Derby's SMALLINT booleans as numbers
        assertEquals(true, AttributesSearchProvider.value("boolean", List.of(row(0, StorageKind.BOOLEAN, null, null, (short) 1, null))));
        assertEquals(false, AttributesSearchProvider.value("boolean", List.of(row(0, StorageKind.BOOLEAN, null, null, false, null))));
        assertEquals(List.of("a", "b", "c"), AttributesSearchProvider.value("multi-list", List.of(row(2, StorageKind.TEXT_LIST, "c", null, null, null),
                row(0, StorageKind.TEXT_LIST, "a", null, null, null), row(1, StorageKind.TEXT_LIST, "b", null, null, null))));
        assertNull(AttributesSearchProvider.value("number", List.of()));
        assertNull(AttributesSearchProvider.value("x", List.of(new AttributesSearchProvider.Row(0, "GONE", null, null, null, null))));
    }
}
