package io.rapport.attributes.internal.types;

import org.osgi.service.component.annotations.Component;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;
import io.rapport.platform.api.JsonObjectReader;

/** true or false. */
@Component(service = AttributeType.class)
public class BooleanType implements AttributeType {
    @Override
    public String name() {
        return "boolean";
    }

    @Override
    public String label() {
        return "Yes/no";
    }

    @Override
    public StorageKind storage() {
        return StorageKind.BOOLEAN;
    }

    @Override
    public boolean usesOptions() {
        return false;
    }

    @Override
    public Stored parse(Object jsonValue, AttributeDefinitionView definition) throws InvalidValueException {
        if (!(jsonValue instanceof Boolean)) {
            throw new InvalidValueException("must be true or false, was " + JsonObjectReader.typeOf(jsonValue));
        }
        return Stored.bool((Boolean) jsonValue);
    }

    @Override
    public Object format(Stored stored, AttributeDefinitionView definition) {
        return stored.bool();
    }
}
