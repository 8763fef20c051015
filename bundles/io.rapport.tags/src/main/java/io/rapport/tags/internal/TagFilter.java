package io.rapport.tags.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.rapport.platform.api.Models;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.SubjectFilter;
import io.rapport.tags.api.TagsService;

/** {@code ?tag=<tagId>} on the people and company lists: the profiles that carry the tag. */
@Component(property = { SubjectFilter.PARAMETER + "=tag", SubjectFilter.MODELS + "=person", SubjectFilter.MODELS + "=company" })
public class TagFilter implements SubjectFilter {
    static final String PARAMETER = "tag";

    // Dynamic: the people and companies services bind filters and are themselves bound while the change
    // log activates (see TagsCleanup).
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(component.name=" + TagsServiceImpl.COMPONENT_NAME + ")")
    private volatile TagsService tags;

    @Override
    public Condition condition(String model, String idColumn, String value) {
        Models.check(model, "model");
        TagsService service = tags;
        if (service == null) {
            throw new ProblemException(503, "Service unavailable", "The tags service is starting; retry in a moment.");
        }
        String tagId = value == null ? "" : value.trim();
        if (tagId.isEmpty()) {
            throw ProblemException.invalid(PARAMETER, "must be the id of a tag");
        }
        if (!((TagsServiceImpl) service).exists(tagId)) {
            throw ProblemException.invalid(PARAMETER, "no tag with id '" + tagId + "'");
        }
        return new Condition(idColumn + " IN (SELECT SUBJECT_ID FROM TAGS_LINK WHERE TAG_ID = ? AND MODEL = ?)", List.of(tagId, model));
    }
}
