package io.rapport.attributes.phone.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.Stored;

class PhoneTypeTest {
    private final PhoneType type = new PhoneType();

    private static AttributeDefinitionView in(String... options) {
        return new AttributeDefinitionView() {
            public String model() {
                return "person";
            }

            public String key() {
                return "phone";
            }

            public String label() {
                return "Phone";
            }

            public String type() {
                return "phone";
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
    void numbersAreStoredInE164HoweverTheyAreWritten() throws Exception {
        for (String written : List.of("020 7946 0958", "+44 20 7946 0958", "+442079460958", "(020) 7946-0958", "0044 20 7946 0958")) {
            assertEquals(Stored.text("+442079460958"), type.parse(written, in("GB")), written);
        }
        assertEquals(Stored.text("+14155550132"), type.parse("+1 415-555-0132", in("GB")));
        assertEquals(Stored.text("+4915123456789"), type.parse("0151 23456789", in("DE")));
    }

    @Test
    void formatAnswersTheFormsAndParsesBackToTheSameNumber() throws Exception {
        Stored s = type.parse("020 7946 0958", in("GB"));
        Object formatted = type.format(s, in("GB"));
        assertEquals(Map.of("e164", "+442079460958", "international", "+44 20 7946 0958", "national", "020 7946 0958", "country", "GB",
                "type", "fixed_line"), formatted);
        assertEquals(s, type.parse(formatted, in("GB")));
        assertEquals(s, type.parse(formatted, in("US")), "the default region does not matter for E.164");
        assertEquals("mobile", ((Map<?, ?>) type.format(type.parse("07400 123456", in("GB")), in("GB"))).get("type"));
    }

    @Test
    void invalidNumbersAreRefusedWithTheReason() {
        assertEquals("'020 7946' is not a valid phone number for GB", reason("020 7946", in("GB")));
        assertEquals("'+1 415 555' is not a valid phone number for US", reason("+1 415 555", in("GB")));
        assertTrue(reason("call me", in("GB")).startsWith("'call me' is not a phone number"));
        assertTrue(reason("+44 20 7946 0958 ext. 12", in("GB")).contains("extension"));
        assertTrue(reason(442079460958L, in("GB")).startsWith("must be a phone number as a string"));
        assertTrue(reason(Map.of("number", "+44"), in("GB")).contains("unknown field 'number'"));
    }

    @Test
    void theOptionIsOneDefaultRegion() throws Exception {
        type.checkOptions(List.of("GB"));
        for (List<String> bad : List.of(List.of("GB", "US"), List.of("gb"), List.of("XX"), List.of("UK"))) {
            assertThrows(InvalidValueException.class, () -> type.checkOptions(bad), bad.toString());
        }
    }
}
