package io.rapport.attributes.internal.types;

import org.osgi.service.component.annotations.Component;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;

/** One of the definition's options. */
@Component(service = AttributeType.class)
public class ListType implements AttributeType {
    @Override
    public String name() {
        return "list";
    }

    @Override
    public String label() {
        return "List (one option)";
    }

    @Override
    public StorageKind storage() {
        return StorageKind.TEXT;
    }

    @Override
    public boolean usesOptions() {
        return true;
    }

    @Override
    public Stored parse(Object jsonValue, AttributeDefinitionView definition) throws InvalidValueException {
        String s = Values.string(jsonValue).trim();
        if (!definition.options().contains(s)) {
            throw new InvalidValueException("'" + s + "' is not an option; must be one of " + Values.optionsText(definition.options()));
        }
        return Stored.text(s);
    }

    @Override
    public Object format(Stored stored, AttributeDefinitionView definition) {
        return stored.text();
    }
}
