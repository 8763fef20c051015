package io.rapport.conversations.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.people.api.PeopleEvents;
import io.rapport.persistence.api.ChangeConsumer;
import io.rapport.persistence.api.DeletionCleanup;
import io.rapport.platform.api.Models;

/** Removes the conversations, messages and channel identities of a deleted person. */
@Component(service = ChangeConsumer.class, property = { ChangeConsumer.NAME + "=io.rapport.conversations.cleanup",
        ChangeConsumer.TOPICS + "=" + PeopleEvents.DELETED })
public class ConversationsCleanup extends DeletionCleanup {
    private final ConversationsServiceImpl conversations;

    @Activate
    public ConversationsCleanup(@Reference ConversationsServiceImpl conversations) {
        super(Map.of(PeopleEvents.DELETED, Models.PERSON));
        this.conversations = conversations;
    }

    @Override
    protected void forget(String kind, String subjectId, String actor) {
        conversations.forget(subjectId, actor);
    }
}
