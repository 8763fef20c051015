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
    // Dynamic: whoever binds sections may be bound itself while the change log activates (see TagsCleanup).
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(component.name=" + TagsServiceImpl.COMPONENT_NAME + ")")
    private volatile TagsService tags;

    @Override
    public Object read(String model, String subjectId) {
        TagsService service = tags;
        if (service == null) {
            throw new IllegalStateException("the tags service is not active yet");
        }
        return ((TagsServiceImpl) service).section(model, subjectId);
    }
}
