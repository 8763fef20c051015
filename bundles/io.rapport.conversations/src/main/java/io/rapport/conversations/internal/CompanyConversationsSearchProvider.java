package io.rapport.conversations.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.platform.errors.NotFoundException;
import io.rapport.companies.api.CompaniesService;
import io.rapport.companies.api.Company;
import io.rapport.companies.api.CompanyEvents;
import io.rapport.conversations.api.ConversationsService;
import io.rapport.platform.api.Models;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.search.FieldType;
import io.rapport.platform.search.IndexSink;
import io.rapport.platform.search.SearchField;
import io.rapport.platform.search.SearchFieldProvider;

/**
 * A company's conversations as search fields of companies, summed over its people: {@code
 * conversations.count}, {@code conversations.open} and {@code tickets.open}, as
 * {@link ConversationsSearchProvider} has them for people (absent when none of its people has a
 * conversation). Company lists show, sort and filter by them. Membership is the companies service's:
 * this provider goes while that bundle is not running.
 */
@Component(service = SearchFieldProvider.class, property = SearchFieldProvider.MODELS + "=" + Models.COMPANY)
public class CompanyConversationsSearchProvider implements SearchFieldProvider {
    private static final List<SearchField> FIELDS = List.of(
            new SearchField(ConversationsSearchProvider.COUNT, FieldType.NUMBER,
                    "How many conversations the company's people have had (absent for none)"),
            new SearchField(ConversationsSearchProvider.OPEN, FieldType.NUMBER,
                    "How many of the company's people's conversations are open (absent without conversations)"),
            new SearchField(ConversationsSearchProvider.OPEN_TICKETS, FieldType.NUMBER,
                    "How many of the company's people's open conversations are tickets (absent without conversations)"));
    /** People per IN list: well below every database's parameter limit. */
    private static final int CHUNK = 500;

    private final EntityManagerFactory unit;
    private final CompaniesService companies;

    /** @param conversations not used: keeps the service that publishes the unit's factory active while this is */
    @Activate
    public CompanyConversationsSearchProvider(@Reference ConversationsService conversations, @Reference CompaniesService companies,
            @Reference(target = "(osgi.unit.name=io.rapport.conversations)") EntityManagerFactory unit) {
        this.companies = companies;
        this.unit = unit;
    }

    @Override
    public List<SearchField> fields(String model) {
        return Models.COMPANY.equals(model) ? FIELDS : List.of();
    }

    @Override
    public List<String> topics() {
        return List.of("rapport/conversations/", CompanyEvents.LINKED, CompanyEvents.UNLINKED, CompanyEvents.PERSON_DELETED);
    }

    /** One pass over the conversations by person: each person with some adds them to each of their companies. */
    @Override
    public void load(String model, IndexSink sink) {
        if (!Models.COMPANY.equals(model)) {
            return;
        }
        Map<String, long[]> byCompany = new HashMap<>();
        ConversationsSearchProvider.conversationsByPerson(unit, (person, rows) -> {
            Map<String, Object> counts = ConversationsSearchProvider.counts(rows);
            if (counts.get(ConversationsSearchProvider.COUNT) == null) {
                return;
            }
            for (Company c : companies.companiesOf(person)) {
                long[] sum = byCompany.computeIfAbsent(c.id, k -> new long[3]);
                sum[0] += (Long) counts.get(ConversationsSearchProvider.COUNT);
                sum[1] += (Long) counts.get(ConversationsSearchProvider.OPEN);
                sum[2] += (Long) counts.get(ConversationsSearchProvider.OPEN_TICKETS);
            }
        });
        byCompany.forEach((company, sum) -> {
            sink.set(Models.COMPANY, company, ConversationsSearchProvider.COUNT, sum[0]);
            sink.set(Models.COMPANY, company, ConversationsSearchProvider.OPEN, sum[1]);
            sink.set(Models.COMPANY, company, ConversationsSearchProvider.OPEN_TICKETS, sum[2]);
        });
    }

    @Override
    public void apply(String topic, String model, String subjectId, Map<String, Object> data, IndexSink sink) {
        if (subjectId == null) {
            return;
        }
        if (topic.startsWith("rapport/conversations/")) { // a person's conversation: each of their companies
            if (Models.PERSON.equals(model)) {
                for (Company c : companies.companiesOf(subjectId)) {
                    write(c.id, sink);
                }
            }
        } else if (Models.COMPANY.equals(model)) { // a person joined or left
            write(subjectId, sink);
        }
    }

    /** Recounts one company's conversations from its people's; nothing for a company deleted meanwhile (its subject goes with it). */
    private void write(String companyId, IndexSink sink) {
        List<String> members;
        try {
            members = ConversationsServiceImpl.membersOf(companies, companyId);
        } catch (NotFoundException e) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        ConversationsSearchProvider.read(unit, em -> {
            for (int i = 0; i < members.size(); i += CHUNK) {
                rows.addAll(em.createQuery("SELECT c.personId, c.state, c.ticket FROM ConversationEntity c WHERE c.personId IN :people", Object[].class)
                        .setParameter("people", members.subList(i, Math.min(members.size(), i + CHUNK))).getResultList());
            }
            return null;
        });
        ConversationsSearchProvider.counts(rows).forEach((field, value) -> sink.set(Models.COMPANY, companyId, field, value));
    }

}
