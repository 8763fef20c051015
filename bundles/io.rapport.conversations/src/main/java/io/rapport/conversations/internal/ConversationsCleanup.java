package io.rapport.conversations.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeConsumer;

/**
 * Removes the conversations, messages and channel identities of a deleted person. A durable consumer:
 * deletions made while this bundle was stopped arrive when it starts again.
 * <p>
 * The change log binds its consumers while it activates, and the conversations service needs the change
 * log: a static reference here would be a cycle. So the service is bound when it can be, and until then
 * a change is refused, to come again.
 */
@Component(property = { ChangeConsumer.NAME + "=io.rapport.conversations.cleanup",
        ChangeConsumer.TOPICS + "=" + ConversationsCleanup.PEOPLE_DELETED })
public class ConversationsCleanup implements ChangeConsumer {
    static final String PEOPLE_DELETED = "rapport/people/DELETED";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(component.name=" + ConversationsServiceImpl.COMPONENT_NAME + ")")
    private volatile ConversationsServiceImpl conversations;

    @Override
    public void accept(Change change) {
        if (!PEOPLE_DELETED.equals(change.topic) || change.subjectId == null) {
            return;
        }
        ConversationsServiceImpl service = conversations;
        if (service == null) {
            throw new IllegalStateException("the conversations service is not active yet");
        }
        service.forget(change.subjectId, change.actor);
    }
}
