package io.rapport.tags.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.errors.UnavailableException;
import io.rapport.platform.api.Models;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.SubjectFilter;
import io.rapport.tags.api.TagsService;

/** {@code ?tag=<tagId>} on the people and company lists: the profiles that carry the tag. */
@Component(property = { SubjectFilter.PARAMETER + "=tag", SubjectFilter.MODELS + "=person", SubjectFilter.MODELS + "=company" })
public class TagFilter implements SubjectFilter {
    static final String PARAMETER = "tag";

    // Dynamic: the tags service needs the people and companies services, which bind filters.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile TagLinks tags;

    @Override
    public Condition condition(String model, String idColumn, String value) {
        Models.check(model, "model");
        TagLinks service = tags;
        if (service == null) {
            throw new UnavailableException("The tags service is starting; retry in a moment.");
        }
        String tagId = value == null ? "" : value.trim();
        if (tagId.isEmpty()) {
            throw new InvalidException(PARAMETER, "must be the id of a tag");
        }
        if (!service.exists(tagId)) {
            throw new InvalidException(PARAMETER, "no tag with id '" + tagId + "'");
        }
        return new Condition(idColumn + " IN (SELECT SUBJECT_ID FROM TAGS_LINK WHERE TAG_ID = ? AND MODEL = ?)", List.of(tagId, model));
    }
}
