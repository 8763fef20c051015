package io.rapport.tags.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeConsumer;
import io.rapport.platform.api.Models;
import io.rapport.tags.api.TagsService;

/**
 * Removes the tags of a deleted person or company. A durable consumer: deletions made while this bundle
 * was stopped arrive when it starts again.
 * <p>
 * The change log binds its consumers while it activates, and the tags service needs the change log: a
 * static reference here would be a cycle that fails at startup. So the service is bound when it can be,
 * and until then a change is refused, to come again.
 */
@Component(property = { ChangeConsumer.NAME + "=io.rapport.tags.cleanup",
        ChangeConsumer.TOPICS + "=" + TagsCleanup.PEOPLE_DELETED, ChangeConsumer.TOPICS + "=" + TagsCleanup.COMPANIES_DELETED })
public class TagsCleanup implements ChangeConsumer {
    static final String PEOPLE_DELETED = "rapport/people/DELETED";
    static final String COMPANIES_DELETED = "rapport/companies/DELETED";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(component.name=" + TagsServiceImpl.COMPONENT_NAME + ")")
    private volatile TagsService tags;

    @Override
    public void accept(Change change) {
        String model = change.topic.equals(PEOPLE_DELETED) ? Models.PERSON : change.topic.equals(COMPANIES_DELETED) ? Models.COMPANY : null;
        if (model == null || change.subjectId == null) {
            return;
        }
        TagsService service = tags;
        if (service == null) {
            throw new IllegalStateException("the tags service is not active yet");
        }
        ((TagsServiceImpl) service).forget(model, change.subjectId);
    }
}
