package io.rapport.companies.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.companies.api.CompanyEvents;
import io.rapport.people.api.PeopleEvents;
import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeConsumer;
import io.rapport.platform.api.ChangeEvents;

/**
 * Removes the links of deleted people (and, for safety, of deleted companies). A durable consumer: it
 * catches up on deletions made while this bundle was stopped. Both removals are idempotent.
 */
@Component(property = {
        ChangeConsumer.NAME + "=io.rapport.companies.cleanup",
        ChangeConsumer.TOPICS + "=rapport/people/DELETED",
        ChangeConsumer.TOPICS + "=rapport/companies/DELETED" })
public class CompaniesCleanup implements ChangeConsumer {
    private final CompaniesServiceImpl companies;

    @Activate
    public CompaniesCleanup(@Reference CompaniesServiceImpl companies) {
        this.companies = companies;
    }

    @Override
    public void accept(Change change) {
        if (change.subjectId == null) {
            return;
        }
        if (PeopleEvents.DELETED.equals(change.topic)) {
            companies.removePerson(change.subjectId, nameIn(change.data), change.actor);
        } else if (CompanyEvents.DELETED.equals(change.topic)) {
            companies.removeCompany(change.subjectId);
        }
    }

    private static String nameIn(Map<String, Object> data) {
        Object entity = data.get(ChangeEvents.ENTITY);
        if (entity instanceof Map) {
            Object name = ((Map<?, ?>) entity).get("name");
            return name instanceof String ? (String) name : null;
        }
        return null;
    }
}
