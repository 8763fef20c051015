package io.rapport.attributes.internal.types;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;
import io.rapport.platform.api.JsonObjectReader;

/** Some of the definition's options: a JSON array without duplicates, kept in the client's order. */
@Component(service = AttributeType.class)
public class MultiListType implements AttributeType {
    @Override
    public String name() {
        return "multi-list";
    }

    @Override
    public String label() {
        return "List (several options)";
    }

    @Override
    public StorageKind storage() {
        return StorageKind.TEXT_LIST;
    }

    @Override
    public boolean usesOptions() {
        return true;
    }

    @Override
    public Stored parse(Object jsonValue, AttributeDefinitionView definition) throws InvalidValueException {
        if (!(jsonValue instanceof List)) {
            throw new InvalidValueException("must be a list of options, was " + JsonObjectReader.typeOf(jsonValue));
        }
        List<String> items = new ArrayList<>();
        for (Object item : (List<?>) jsonValue) {
            if (!(item instanceof String)) {
                throw new InvalidValueException("must be a list of strings; it has " + JsonObjectReader.typeOf(item));
            }
            String s = ((String) item).trim();
            if (!definition.options().contains(s)) {
                throw new InvalidValueException("'" + s + "' is not an option; the options are " + Values.optionsText(definition.options()));
            }
            if (items.contains(s)) {
                throw new InvalidValueException("lists '" + s + "' twice");
            }
            items.add(s);
        }
        return Stored.textList(items);
    }

    @Override
    public Object format(Stored stored, AttributeDefinitionView definition) {
        return stored.textList();
    }
}
