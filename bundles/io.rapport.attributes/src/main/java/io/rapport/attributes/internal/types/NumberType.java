package io.rapport.attributes.internal.types;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.osgi.service.component.annotations.Component;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;
import io.rapport.platform.api.JsonObjectReader;

/** A decimal (JSON number) with up to 21 digits before the point and 10 after, kept exactly. */
@Component(service = AttributeType.class)
public class NumberType implements AttributeType {
    @Override
    public String name() {
        return "number";
    }

    @Override
    public String label() {
        return "Number";
    }

    @Override
    public StorageKind storage() {
        return StorageKind.NUMBER;
    }

    @Override
    public boolean usesOptions() {
        return false;
    }

    @Override
    public Stored parse(Object jsonValue, AttributeDefinitionView definition) throws InvalidValueException {
        BigDecimal n = decimal(jsonValue).stripTrailingZeros();
        if (n.scale() > Stored.MAX_SCALE) {
            throw new InvalidValueException("must have at most " + Stored.MAX_SCALE + " digits after the decimal point");
        }
        if (n.precision() - n.scale() > Stored.MAX_INTEGER_DIGITS) {
            throw new InvalidValueException("must have at most " + Stored.MAX_INTEGER_DIGITS + " digits before the decimal point");
        }
        return Stored.number(n);
    }

    private static BigDecimal decimal(Object v) throws InvalidValueException {
        if (v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (v instanceof BigInteger) {
            return new BigDecimal((BigInteger) v);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new InvalidValueException("must be a finite number");
            }
            // the shortest decimal that reads back as this double: 0.1, not 0.1000000000000000055511151231257827
            return new BigDecimal(v.toString());
        }
        throw new InvalidValueException("must be a number, was " + JsonObjectReader.typeOf(v));
    }

    @Override
    public Object format(Stored stored, AttributeDefinitionView definition) {
        return stored.number();
    }
}
