package io.rapport.attributes.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.attributes.api.AttributesService;
import io.rapport.companies.api.CompanyEvents;
import io.rapport.conversations.api.ConversationsEvents;
import io.rapport.people.api.PeopleEvents;
import io.rapport.persistence.api.ChangeConsumer;
import io.rapport.persistence.api.DeletionCleanup;
import io.rapport.platform.api.Models;

/**
 * Deletes a person's, company's or conversation's values when it is deleted (conversations go with their
 * person: the conversations bundle records each one's deletion).
 */
@Component(service = ChangeConsumer.class, property = { ChangeConsumer.NAME + "=io.rapport.attributes.cleanup",
        ChangeConsumer.TOPICS + "=" + PeopleEvents.DELETED, ChangeConsumer.TOPICS + "=" + CompanyEvents.DELETED,
        ChangeConsumer.TOPICS + "=" + ConversationsEvents.DELETED })
public class AttributesCleanup extends DeletionCleanup {
    private final AttributesService attributes;

    @Activate
    public AttributesCleanup(@Reference AttributesService attributes) {
        super(Map.of(PeopleEvents.DELETED, Models.PERSON, CompanyEvents.DELETED, Models.COMPANY,
                ConversationsEvents.DELETED, Models.CONVERSATION));
        this.attributes = attributes;
    }

    @Override
    protected void forget(String kind, String subjectId, String actor) {
        attributes.deleteValues(kind, subjectId);
    }
}
