package io.rapport.attributes.currency.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.Stored;

class CurrencyTypeTest {
    private final CurrencyType type = new CurrencyType();

    private static AttributeDefinitionView in(String... options) {
        return new AttributeDefinitionView() {
            public String model() {
                return "company";
            }

            public String key() {
                return "budget";
            }

            public String label() {
                return "Budget";
            }

            public String type() {
                return "currency";
            }

            public List<String> options() {
                return List.of(options);
            }
        };
    }

    private String reason(Object value, AttributeDefinitionView def) {
        return assertThrows(InvalidValueException.class, () -> type.parse(value, def)).getMessage();
    }

    @Test
    void everyFormOfAnAmountIsStoredAsTheSameNumber() throws Exception {
        Stored expected = Stored.number(new BigDecimal("1250.5"));
        for (Object v : List.of(new BigDecimal("1250.50"), 1250.5, "1250.50", " 1250.5 ", Map.of("amount", "1250.50", "currency", "EUR"),
                Map.of("amount", new BigDecimal("1250.5")))) {
            assertEquals(expected, type.parse(v, in("EUR")), String.valueOf(v));
        }
        assertEquals(Stored.number(BigDecimal.valueOf(-3)), type.parse(-3, in("EUR")));
    }

    @Test
    void formatUsesTheMinorDigitsAndParsesBackToTheSameValue() throws Exception {
        Stored s = type.parse("1250.5", in("EUR"));
        Object formatted = type.format(s, in("EUR"));
        assertEquals(Map.of("amount", "1250.50", "currency", "EUR"), formatted);
        assertEquals(s, type.parse(formatted, in("EUR")));
        assertEquals(Map.of("amount", "1250", "currency", "JPY"), type.format(type.parse(1250, in("JPY")), in("JPY")));
        assertEquals(Map.of("amount", "0.125", "currency", "BHD"), type.format(type.parse("0.125", in("BHD")), in("BHD")));
    }

    @Test
    void amountsThatDoNotFitAreRefusedWithTheReason() {
        assertEquals("EUR amounts have at most 2 digits after the decimal point, was 12.345", reason("12.345", in("EUR")));
        assertEquals("JPY amounts are whole numbers, was 1.5", reason(1.5, in("JPY")));
        assertTrue(reason(Map.of("amount", "1", "currency", "USD"), in("EUR")).startsWith("must be in EUR, was 'USD'"));
        assertTrue(reason("1,250.00", in("EUR")).startsWith("must be an amount such as"));
        assertTrue(reason(true, in("EUR")).startsWith("must be an amount"));
        assertTrue(reason(Map.of("amount", "1", "cents", 5), in("EUR")).contains("unknown field 'cents'"));
        assertTrue(reason(Map.of("currency", "EUR"), in("EUR")).startsWith("needs an \"amount\""));
        assertTrue(reason("1" + "0".repeat(21), in("EUR")).contains("21 digits"));
    }

    @Test
    void theOptionsAreExactlyOneCurrencyOfMoney() throws Exception {
        type.checkOptions(List.of("EUR"));
        for (List<String> bad : List.of(List.of("EUR", "USD"), List.of("eur"), List.of("XYZ"), List.of("XAU"), List.of("EURO"))) {
            assertThrows(InvalidValueException.class, () -> type.checkOptions(bad), bad.toString());
        }
        assertTrue(reason(1, in("EUR", "USD")).startsWith("must be exactly one ISO 4217 currency code"));
    }
}
