package io.rapport.attributes.internal;

import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.attributes.api.AttributesService;
import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeConsumer;
import io.rapport.platform.api.Models;

/**
 * Deletes a person's, company's or conversation's values when it is deleted (conversations go with their
 * person: the conversations bundle records each one's deletion). Durable: deletions made while this bundle
 * was stopped arrive when it starts again; deleting what is already gone is a no-op, so redelivery is
 * harmless.
 * <p>
 * The change log binds its consumers while it activates, and the attributes service needs the change
 * log. Getting the service while this consumer activates would be a cycle that leaves the service failed,
 * so it is only got when a change arrives (on the log's worker thread, after the log has activated).
 */
@Component(property = { ChangeConsumer.NAME + "=io.rapport.attributes.cleanup",
        ChangeConsumer.TOPICS + "=" + AttributesCleanup.PEOPLE_DELETED, ChangeConsumer.TOPICS + "=" + AttributesCleanup.COMPANIES_DELETED,
        ChangeConsumer.TOPICS + "=" + AttributesCleanup.CONVERSATIONS_DELETED })
public class AttributesCleanup implements ChangeConsumer {
    static final String PEOPLE_DELETED = "rapport/people/DELETED";
    static final String COMPANIES_DELETED = "rapport/companies/DELETED";
    static final String CONVERSATIONS_DELETED = "rapport/conversations/DELETED";

    private final ComponentServiceObjects<AttributesService> attributes;

    @Activate
    public AttributesCleanup(@Reference ComponentServiceObjects<AttributesService> attributes) {
        this.attributes = attributes;
    }

    @Override
    public void accept(Change change) {
        String model = PEOPLE_DELETED.equals(change.topic) ? Models.PERSON : COMPANIES_DELETED.equals(change.topic) ? Models.COMPANY
                : CONVERSATIONS_DELETED.equals(change.topic) ? Models.CONVERSATION : null;
        if (model == null || change.subjectId == null) {
            return;
        }
        AttributesService service = attributes.getService();
        if (service == null) {
            throw new IllegalStateException("the attributes service is not active yet");
        }
        try {
            service.deleteValues(model, change.subjectId);
        } finally {
            attributes.ungetService(service);
        }
    }
}
