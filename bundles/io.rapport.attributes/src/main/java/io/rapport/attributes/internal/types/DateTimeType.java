package io.rapport.attributes.internal.types;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.osgi.service.component.annotations.Component;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;
import io.rapport.platform.api.MonotonicClock;

/**
 * A moment: an ISO 8601 date and time with an offset ({@code Z} or {@code +02:00}), normalised to UTC and
 * stored as epoch microseconds (finer digits are dropped).
 */
@Component(service = AttributeType.class)
public class DateTimeType implements AttributeType {
    @Override
    public String name() {
        return "datetime";
    }

    @Override
    public String label() {
        return "Date and time";
    }

    @Override
    public StorageKind storage() {
        return StorageKind.INSTANT;
    }

    @Override
    public boolean usesOptions() {
        return false;
    }

    @Override
    public Stored parse(Object jsonValue, AttributeDefinitionView definition) throws InvalidValueException {
        String s = Values.string(jsonValue).trim();
        Instant instant;
        try {
            instant = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            if (hasNoOffset(s)) {
                throw new InvalidValueException("needs a UTC offset, e.g. '" + s + "Z' or '" + s + "+02:00'");
            }
            throw new InvalidValueException("must be an ISO 8601 date and time with an offset, e.g. 2024-05-31T14:30:00Z, was '" + s + "'");
        }
        if (instant.isBefore(Instant.parse("0001-01-01T00:00:00Z")) || instant.isAfter(Instant.parse("9999-12-31T23:59:59.999999Z"))) {
            throw new InvalidValueException("must be between the years 1 and 9999");
        }
        return Stored.instant(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000));
    }

    private static boolean hasNoOffset(String s) {
        try {
            LocalDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Override
    public Object format(Stored stored, AttributeDefinitionView definition) {
        return MonotonicClock.toInstant(stored.instant()).toString();
    }
}
