package io.rapport.attributes.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.attributes.api.AttributesService;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.ProfileSection;

/** The {@code attributes} of every person and company read: key to value. */
@Component(service = ProfileSection.class, property = { ProfileSection.NAME + "=" + AttributesServiceImpl.FIELD,
        ProfileSection.MODELS + "=person", ProfileSection.MODELS + "=company", ProfileSection.MODELS + "=" + Models.CONVERSATION, ProfileSection.ALWAYS + ":Boolean=true" })
public class AttributesProfileSection implements ProfileSection {
    private final AttributesService attributes;

    @Activate
    public AttributesProfileSection(@Reference AttributesService attributes) {
        this.attributes = attributes;
    }

    @Override
    public Object read(String model, String subjectId) {
        return ProfileReads.read(attributes, model, subjectId, false).values;
    }
}
