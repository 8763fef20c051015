package io.rapport.attributes.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.attributes.api.AttributeValues;
import io.rapport.attributes.api.AttributesService;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.ProfileSection;

/**
 * The {@code attribute_status} of every person and company read, beside {@code attributes}: key to
 * {@code type-unavailable} or {@code type-failed} for the values shown as last written; empty when every
 * value is served by its type.
 */
@Component(service = ProfileSection.class, property = { ProfileSection.NAME + "=" + AttributeValues.STATUS_SECTION,
        ProfileSection.MODELS + "=person", ProfileSection.MODELS + "=company", ProfileSection.MODELS + "=" + Models.CONVERSATION, ProfileSection.ALWAYS + ":Boolean=true" })
public class AttributeStatusSection implements ProfileSection {
    private final AttributesService attributes;

    @Activate
    public AttributeStatusSection(@Reference AttributesService attributes) {
        this.attributes = attributes;
    }

    @Override
    public Object read(String model, String subjectId) {
        return ProfileReads.read(attributes, model, subjectId, true).status;
    }
}
