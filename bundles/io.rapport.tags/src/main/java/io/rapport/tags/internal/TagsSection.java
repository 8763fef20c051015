package io.rapport.tags.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.rapport.platform.api.ProfileSection;
import io.rapport.tags.api.TagsService;

/** The {@code tags} section of person and company profiles: {@code [{id, name, color}]} sorted by name. */
@Component(property = { ProfileSection.NAME + "=tags", ProfileSection.MODELS + "=person", ProfileSection.MODELS + "=company" })
public class TagsSection implements ProfileSection {
    // Dynamic: the tags service needs the people and companies services, and sections are bound by
    // whoever assembles profiles.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile TagLinks tags;

    @Override
    public Object read(String model, String subjectId) {
        TagLinks service = tags;
        if (service == null) {
            throw new IllegalStateException("the tags service is not active yet");
        }
        return service.section(model, subjectId);
    }
}
