package io.rapport.attributes.internal.types;

import org.osgi.service.component.annotations.Component;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;
import io.rapport.platform.api.Validators;

/** An absolute http or https address. */
@Component(service = AttributeType.class)
public class UrlType implements AttributeType {
    static final int MAX_LENGTH = 2048;

    @Override
    public String name() {
        return "url";
    }

    @Override
    public String label() {
        return "Web address";
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
        String s = Values.string(jsonValue).trim();
        if (s.length() > MAX_LENGTH) {
            throw new InvalidValueException("must be at most " + MAX_LENGTH + " characters, was " + s.length());
        }
        if (!Validators.isWebUrl(s)) {
            throw new InvalidValueException("must be an http or https URL with a host, e.g. https://example.com/, was '" + s + "'");
        }
        return Stored.text(s);
    }

    @Override
    public Object format(Stored stored, AttributeDefinitionView definition) {
        return stored.text();
    }
}
