package io.rapport.companies.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.companies.api.CompaniesService;
import io.rapport.companies.api.CompanyEvents;
import io.rapport.platform.api.Models;
import io.rapport.platform.search.FieldType;
import io.rapport.platform.search.IndexSink;
import io.rapport.platform.search.SearchField;
import io.rapport.platform.search.SearchFieldProvider;

/**
 * A company's people as a search field of companies: {@code people.count}, how many people it has (absent
 * for none), so that company lists can show, sort and filter by it.
 */
@Component(service = SearchFieldProvider.class, property = SearchFieldProvider.MODELS + "=" + Models.COMPANY)
public class CompanyPeopleSearchProvider implements SearchFieldProvider {
    static final String COUNT = "people.count";
    private static final List<SearchField> FIELDS = List.of(new SearchField(COUNT, FieldType.NUMBER, "How many people the company has (absent for none)"));

    private final EntityManagerFactory unit;

    /** @param companies not used: keeps the service that publishes the unit's factory active while this is */
    @Activate
    public CompanyPeopleSearchProvider(@Reference CompaniesService companies,
            @Reference(target = "(osgi.unit.name=io.rapport.companies)") EntityManagerFactory unit) {
        this.unit = unit;
    }

    @Override
    public List<SearchField> fields(String model) {
        return Models.COMPANY.equals(model) ? FIELDS : List.of();
    }

    @Override
    public List<String> topics() {
        return List.of("rapport/companies/");
    }

    @Override
    public void load(String model, IndexSink sink) {
        if (!Models.COMPANY.equals(model)) {
            return;
        }
        for (Object[] r : read(em -> (List<Object[]>) rows(em.createNativeQuery("SELECT COMPANY_ID, COUNT(*) FROM COMPANIES_MEMBER GROUP BY COMPANY_ID")))) {
            sink.set(Models.COMPANY, (String) r[0], COUNT, ((Number) r[1]).longValue());
        }
    }

    @Override
    public void apply(String topic, String model, String subjectId, Map<String, Object> data, IndexSink sink) {
        boolean membership = CompanyEvents.LINKED.equals(topic) || CompanyEvents.UNLINKED.equals(topic)
                || CompanyEvents.PERSON_DELETED.equals(topic) || CompanyEvents.CREATED.equals(topic);
        if (!membership || subjectId == null || !Models.COMPANY.equals(model)) {
            return;
        }
        long count = read(em -> ((Number) em.createNativeQuery("SELECT COUNT(*) FROM COMPANIES_MEMBER WHERE COMPANY_ID = ?")
                .setParameter(1, subjectId).getSingleResult()).longValue());
        sink.set(Models.COMPANY, subjectId, COUNT, count == 0 ? null : count);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(javax.persistence.Query q) {
        return q.getResultList();
    }

    private <T> T read(Function<EntityManager, T> work) {
        EntityManager em = unit.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }
}
