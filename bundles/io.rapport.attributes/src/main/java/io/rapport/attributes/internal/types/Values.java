package io.rapport.attributes.internal.types;

import java.util.List;

import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.platform.api.JsonObjectReader;

/** Checks the built-in types share. */
final class Values {
    private Values() {
    }

    static String string(Object jsonValue) throws InvalidValueException {
        if (!(jsonValue instanceof String)) {
            throw new InvalidValueException("must be a string, was " + JsonObjectReader.typeOf(jsonValue));
        }
        return (String) jsonValue;
    }

    /** The options for a message, shortened when there are many. */
    static String optionsText(List<String> options) {
        int shown = Math.min(options.size(), 20);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append('\'').append(options.get(i)).append('\'');
        }
        if (options.size() > shown) {
            sb.append(" and ").append(options.size() - shown).append(" more");
        }
        return sb.toString();
    }
}
