package io.rapport.attributes.internal.types;

import org.osgi.service.component.annotations.Component;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;

/** Free text up to 4000 characters, kept as written. */
@Component(service = AttributeType.class)
public class TextType implements AttributeType {
    @Override
    public String name() {
        return "text";
    }

    @Override
    public String label() {
        return "Text";
    }

    @Override
    public StorageKind storage() {
        return StorageKind.TEXT;
    }

    @Override
    public boolean usesOptions() {
        return false;
    }

    @Override
    public Stored parse(Object jsonValue, AttributeDefinitionView definition) throws InvalidValueException {
        String s = Values.string(jsonValue);
        if (s.length() > Stored.MAX_TEXT) {
            throw new InvalidValueException("must be at most " + Stored.MAX_TEXT + " characters, was " + s.length());
        }
        return Stored.text(s);
    }

    @Override
    public Object format(Stored stored, AttributeDefinitionView definition) {
        return stored.text();
    }
}
