package io.rapport.notes.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.companies.api.CompanyEvents;
import io.rapport.people.api.PeopleEvents;
import io.rapport.persistence.api.ChangeConsumer;
import io.rapport.persistence.api.DeletionCleanup;
import io.rapport.platform.api.Models;

/** Removes the notes of a deleted person or company. */
@Component(service = ChangeConsumer.class, property = { ChangeConsumer.NAME + "=io.rapport.notes.cleanup",
        ChangeConsumer.TOPICS + "=" + PeopleEvents.DELETED, ChangeConsumer.TOPICS + "=" + CompanyEvents.DELETED })
public class NotesCleanup extends DeletionCleanup {
    private final ProfileNotes notes;

    @Activate
    public NotesCleanup(@Reference ProfileNotes notes) {
        super(Map.of(PeopleEvents.DELETED, Models.PERSON, CompanyEvents.DELETED, Models.COMPANY));
        this.notes = notes;
    }

    @Override
    protected void forget(String kind, String subjectId, String actor) {
        notes.forget(kind, subjectId);
    }
}
