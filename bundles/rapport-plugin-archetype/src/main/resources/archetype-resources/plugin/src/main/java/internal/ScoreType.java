package ${package}.internal;

import java.math.BigDecimal;

import org.osgi.service.component.annotations.Component;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;

/** An attribute type: a whole score from 0 to 100, stored as a number so that it sorts and filters. */
@Component(service = AttributeType.class)
public class ScoreType implements AttributeType {
    @Override
    public String name() {
        return "${typeName}";
    }

    @Override
    public String label() {
        return "Score (0-100)";
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
        if (!(jsonValue instanceof Number)) {
            throw new InvalidValueException("must be a whole number from 0 to 100");
        }
        BigDecimal score = new BigDecimal(jsonValue.toString());
        if (score.stripTrailingZeros().scale() > 0 || score.signum() < 0 || score.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new InvalidValueException("must be a whole number from 0 to 100, was " + jsonValue);
        }
        return Stored.number(score);
    }

    @Override
    public Object format(Stored stored, AttributeDefinitionView definition) {
        return stored.number().intValueExact();
    }
}
