package io.rapport.tags.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.companies.api.CompanyEvents;
import io.rapport.people.api.PeopleEvents;
import io.rapport.persistence.api.ChangeConsumer;
import io.rapport.persistence.api.DeletionCleanup;
import io.rapport.platform.api.Models;

/** Removes the tags of a deleted person or company. */
@Component(service = ChangeConsumer.class, property = { ChangeConsumer.NAME + "=io.rapport.tags.cleanup",
        ChangeConsumer.TOPICS + "=" + PeopleEvents.DELETED, ChangeConsumer.TOPICS + "=" + CompanyEvents.DELETED })
public class TagsCleanup extends DeletionCleanup {
    private final TagLinks links;

    @Activate
    public TagsCleanup(@Reference TagLinks links) {
        super(Map.of(PeopleEvents.DELETED, Models.PERSON, CompanyEvents.DELETED, Models.COMPANY));
        this.links = links;
    }

    @Override
    protected void forget(String kind, String subjectId, String actor) {
        links.forget(kind, subjectId);
    }
}
