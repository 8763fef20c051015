package io.rapport.companies.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.persistence.api.SubjectPages;
import io.rapport.companies.api.CompaniesService;
import io.rapport.companies.api.CompanyEvents;
import io.rapport.platform.api.ChangeEvents;
import io.rapport.platform.api.Models;
import io.rapport.platform.search.FieldType;
import io.rapport.platform.search.IndexSink;
import io.rapport.platform.search.SearchField;
import io.rapport.platform.search.SearchFieldProvider;

/**
 * A person's companies as search fields of people: {@code companies.id}, {@code companies.name},
 * {@code companies.domain} and {@code companies.industry} (each a list, one value per company) and
 * {@code companies.size} (a number, or several when the person is in several companies).
 * <p>
 * Reads this bundle's tables through the persistence unit's {@link EntityManagerFactory} service, which
 * the companies service publishes when it opens the unit (and which goes with it).
 */
@Component(service = SearchFieldProvider.class, property = SearchFieldProvider.MODELS + "=" + Models.PERSON)
public class PersonCompaniesSearchProvider implements SearchFieldProvider {
    static final String ID = "companies.id";
    static final String NAME = "companies.name";
    static final String DOMAIN = "companies.domain";
    static final String INDUSTRY = "companies.industry";
    static final String SIZE = "companies.size";
    /** Company fields whose change alters its members' values. */
    private static final Set<String> SEARCHED = Set.of("name", "domain", "industry", "size");
    /** Rows per read while loading or re-setting many people. */
    static final int PAGE = 5000;
    /** People or companies per IN list: well below every database's parameter limit. */
    static final int CHUNK = 500;
    /** Companies kept while loading; beyond, the cache starts again (people come in id order, not by company). */
    private static final int MAX_CACHED = 100_000;
    private static final List<SearchField> FIELDS = List.of(
            new SearchField(ID, FieldType.TEXT_LIST, "The ids of the person's companies"),
            new SearchField(NAME, FieldType.TEXT_LIST, "The names of the person's companies"),
            new SearchField(DOMAIN, FieldType.TEXT_LIST, "The domains of the person's companies"),
            new SearchField(INDUSTRY, FieldType.TEXT_LIST, "The industries of the person's companies"),
            new SearchField(SIZE, FieldType.NUMBER, "The sizes (employees) of the person's companies"));

    private final EntityManagerFactory unit;

    /**
     * @param companies not used: referenced so that the service, which opens the unit and so publishes
     *            its factory, is active while this provider is
     */
    @Activate
    public PersonCompaniesSearchProvider(@Reference CompaniesService companies,
            @Reference(target = "(osgi.unit.name=io.rapport.companies)") EntityManagerFactory unit) {
        this.unit = unit;
    }

    /** What the fields need of a company. */
    static final class Info {
        final String id;
        final String name;
        final String domain;
        final String industry;
        final Integer size;

        Info(String id, String name, String domain, String industry, Integer size) {
            this.id = id;
            this.name = name;
            this.domain = domain;
            this.industry = industry;
            this.size = size;
        }
    }

    @Override
    public List<SearchField> fields(String model) {
        return Models.PERSON.equals(model) ? FIELDS : List.of();
    }

    @Override
    public List<String> topics() {
        return List.of("rapport/companies/");
    }

    @Override
    public void load(String model, IndexSink sink) {
        if (!Models.PERSON.equals(model)) {
            return;
        }
        Map<String, Info> companies = new HashMap<>();
        // Ordered by the (PERSON_ID, LINKED_AT) index alone, so that the database reads in index order and never sorts.
        SubjectPages.forEach(
                (after, limit) -> read(em -> SubjectPages.rows(em.createNativeQuery("SELECT PERSON_ID, COMPANY_ID FROM COMPANIES_MEMBER WHERE PERSON_ID > ? "
                        + "ORDER BY PERSON_ID FETCH FIRST " + limit + " ROWS ONLY").setParameter(1, after))),
                person -> read(em -> SubjectPages.rows(em.createNativeQuery("SELECT PERSON_ID, COMPANY_ID FROM COMPANIES_MEMBER WHERE PERSON_ID = ?")
                        .setParameter(1, person))),
                PAGE,
                (person, rows) -> {
                    List<String> missing = new ArrayList<>();
                    for (Object[] r : rows) {
                        if (!companies.containsKey(r[1])) {
                            missing.add((String) r[1]);
                        }
                    }
                    if (!missing.isEmpty()) {
                        if (companies.size() > MAX_CACHED) {
                            companies.clear();
                        }
                        companies.putAll(infos(missing));
                    }
                    List<Info> of = new ArrayList<>();
                    for (Object[] r : rows) {
                        Info info = companies.get(r[1]);
                        if (info != null) { // null: deleted meanwhile
                            of.add(info);
                        }
                    }
                    values(of).forEach((field, value) -> sink.set(model, person, field, value));
                });
    }

    @Override
    public void apply(String topic, String model, String subjectId, Map<String, Object> data, IndexSink sink) {
        if (CompanyEvents.LINKED.equals(topic) || CompanyEvents.UNLINKED.equals(topic)) {
            Object person = data == null ? null : data.get(CompanyEvents.PERSON_ID);
            if (person instanceof String) {
                reset(List.of((String) person), sink);
            }
        } else if (CompanyEvents.UPDATED.equals(topic)) {
            if (subjectId != null && searchedFieldChanged(data)) {
                resetMembers(subjectId, sink);
            }
        } else if (CompanyEvents.DELETED.equals(topic)) {
            // Finds only members whose links are still there: the deletion removes the links in its own
            // transaction, so it must record an UNLINKED change for each member for their values to go.
            if (subjectId != null) {
                resetMembers(subjectId, sink);
            }
        }
        // PERSON_DELETED: the person leaves the index with all their values.
    }

    /** Re-sets every member of a company, a page at a time. */
    private void resetMembers(String companyId, IndexSink sink) {
        String after = "";
        while (true) {
            String from = after;
            List<String> people = new ArrayList<>();
            for (Object[] r : read(em -> SubjectPages.rows(em.createNativeQuery("SELECT PERSON_ID FROM COMPANIES_MEMBER WHERE COMPANY_ID = ? AND PERSON_ID > ? "
                    + "ORDER BY PERSON_ID FETCH FIRST " + PAGE + " ROWS ONLY").setParameter(1, companyId).setParameter(2, from)))) {
                people.add((String) r[0]);
            }
            reset(people, sink);
            if (people.size() < PAGE) {
                return;
            }
            after = people.get(people.size() - 1);
        }
    }

    /** Writes the current values of these people. */
    private void reset(List<String> people, IndexSink sink) {
        for (int i = 0; i < people.size(); i += CHUNK) {
            List<String> chunk = people.subList(i, Math.min(people.size(), i + CHUNK));
            Map<String, List<Info>> byPerson = new HashMap<>();
            for (Object[] r : read(em -> em.createQuery("SELECT m.personId, c.id, c.name, c.domain, c.industry, c.size FROM MemberEntity m, "
                    + "CompanyEntity c WHERE c.id = m.companyId AND m.personId IN :ids", Object[].class).setParameter("ids", chunk).getResultList())) {
                byPerson.computeIfAbsent((String) r[0], k -> new ArrayList<>())
                        .add(new Info((String) r[1], (String) r[2], (String) r[3], (String) r[4], (Integer) r[5]));
            }
            for (String person : chunk) {
                values(byPerson.getOrDefault(person, List.of())).forEach((field, value) -> sink.set(Models.PERSON, person, field, value));
            }
        }
    }

    private Map<String, Info> infos(List<String> companyIds) {
        Map<String, Info> result = new HashMap<>();
        for (int i = 0; i < companyIds.size(); i += CHUNK) {
            List<String> chunk = companyIds.subList(i, Math.min(companyIds.size(), i + CHUNK));
            for (Object[] r : read(em -> em.createQuery("SELECT c.id, c.name, c.domain, c.industry, c.size FROM CompanyEntity c WHERE c.id IN :ids",
                    Object[].class).setParameter("ids", chunk).getResultList())) {
                result.put((String) r[0], new Info((String) r[0], (String) r[1], (String) r[2], (String) r[3], (Integer) r[4]));
            }
        }
        return result;
    }

    /** The five fields' values for a person in these companies (every field null when none). */
    static Map<String, Object> values(List<Info> companies) {
        List<Info> sorted = new ArrayList<>(companies);
        sorted.sort(Comparator.comparing(c -> c.id));
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> domains = new ArrayList<>();
        List<String> industries = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (Info c : sorted) {
            ids.add(c.id);
            addDistinct(names, c.name);
            addDistinct(domains, c.domain);
            addDistinct(industries, c.industry);
            if (c.size != null && !sizes.contains(c.size)) {
                sizes.add(c.size);
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(ID, ids.isEmpty() ? null : ids);
        values.put(NAME, names.isEmpty() ? null : names);
        values.put(DOMAIN, domains.isEmpty() ? null : domains);
        values.put(INDUSTRY, industries.isEmpty() ? null : industries);
        // one company's size is a plain number, so that it sorts; several are a collection
        values.put(SIZE, sizes.isEmpty() ? null : sizes.size() == 1 ? sizes.get(0) : sizes);
        return values;
    }

    private static void addDistinct(List<String> values, String value) {
        if (value != null && !value.isBlank() && !values.contains(value)) {
            values.add(value);
        }
    }

    static boolean searchedFieldChanged(Map<String, Object> data) {
        Object changes = data == null ? null : data.get(ChangeEvents.CHANGES);
        if (!(changes instanceof Map)) {
            return true;
        }
        for (Object field : ((Map<?, ?>) changes).keySet()) {
            if (SEARCHED.contains(field)) {
                return true;
            }
        }
        return false;
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
