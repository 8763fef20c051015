package io.rapport.attributes.internal.types;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.osgi.service.component.annotations.Component;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;

/** A calendar day, {@code yyyy-MM-dd}, stored as epoch days. */
@Component(service = AttributeType.class)
public class DateType implements AttributeType {
    @Override
    public String name() {
        return "date";
    }

    @Override
    public String label() {
        return "Date";
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
        LocalDate date;
        try {
            date = s.length() == 10 ? LocalDate.parse(s) : null;
        } catch (DateTimeParseException e) {
            date = null;
        }
        if (date == null || date.getYear() < 1) {
            throw new InvalidValueException("must be a date as yyyy-MM-dd, e.g. 2024-05-31, was '" + s + "'");
        }
        return Stored.instant(date.toEpochDay());
    }

    @Override
    public Object format(Stored stored, AttributeDefinitionView definition) {
        return LocalDate.ofEpochDay(stored.instant()).toString();
    }
}
