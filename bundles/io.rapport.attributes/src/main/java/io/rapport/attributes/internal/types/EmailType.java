package io.rapport.attributes.internal.types;

import org.osgi.service.component.annotations.Component;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;
import io.rapport.platform.api.Validators;

/** An email address, lower-cased. */
@Component(service = AttributeType.class)
public class EmailType implements AttributeType {
    @Override
    public String name() {
        return "email";
    }

    @Override
    public String label() {
        return "Email";
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
        String email = Validators.normaliseEmail(s);
        if (email == null) {
            throw new InvalidValueException("must be an email address, was '" + s.trim() + "'");
        }
        return Stored.text(email);
    }

    @Override
    public Object format(Stored stored, AttributeDefinitionView definition) {
        return stored.text();
    }
}
