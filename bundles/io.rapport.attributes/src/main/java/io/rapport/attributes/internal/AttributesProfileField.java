package io.rapport.attributes.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.platform.errors.InvalidException;
import io.rapport.attributes.api.AttributesService;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.ProfileField;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.ProfileSection;

/** {@code PATCH /people/{id}} (and companies) with {@code {"attributes": {"plan": "pro", "seats": null}}}. */
@Component(service = ProfileField.class, property = { ProfileSection.NAME + "=" + AttributesServiceImpl.FIELD,
        ProfileSection.MODELS + "=person", ProfileSection.MODELS + "=company", ProfileSection.MODELS + "=" + Models.CONVERSATION })
public class AttributesProfileField implements ProfileField {
    private final AttributesService attributes;

    @Activate
    public AttributesProfileField(@Reference AttributesService attributes) {
        this.attributes = attributes;
    }

    @Override
    public void validate(String model, String subjectId, Object patch) {
        attributes.checkValues(model, subjectId, values(patch));
    }

    @Override
    public Map<String, Map<String, Object>> write(String model, String subjectId, Object patch, String actor) {
        return attributes.setValues(model, subjectId, values(patch), actor);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> values(Object patch) {
        if (!(patch instanceof Map)) {
            throw new InvalidException(AttributesServiceImpl.FIELD, "must be an object of attribute keys to values, e.g. "
                    + "{\"plan\": \"pro\"} (null removes a value), was " + JsonObjectReader.typeOf(patch));
        }
        return (Map<String, Object>) patch;
    }
}
