package io.rapport.companies.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;
import javax.persistence.OptimisticLockException;
import javax.persistence.PersistenceException;
import javax.persistence.TypedQuery;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jpa.EntityManagerFactoryBuilder;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.errors.NotFoundException;
import io.rapport.platform.errors.ConflictException;
import io.rapport.platform.errors.StaleVersionException;
import io.rapport.platform.errors.UnavailableException;
import io.rapport.companies.api.CompaniesService;
import io.rapport.companies.api.Company;
import io.rapport.companies.api.CompanyData;
import io.rapport.companies.api.CompanyEvents;
import io.rapport.companies.api.Membership;
import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeLog;
import io.rapport.persistence.api.Database;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.persistence.api.KeysetPage;
import io.rapport.persistence.api.OwnsPersistenceUnit;
import io.rapport.platform.api.ChangeEvents;
import io.rapport.platform.api.Cursor;
import io.rapport.platform.api.Ids;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.MergePatch;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.MonotonicClock;
import io.rapport.platform.api.Page;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.Profiles;
import io.rapport.platform.api.SubjectFilter;

/** Also registered under its class, for the cleanup consumer of this bundle. */
@OwnsPersistenceUnit
@Component(service = { CompaniesService.class, CompaniesServiceImpl.class })
public class CompaniesServiceImpl implements CompaniesService {
    private static final String KIND = "company";
    private static final String PEOPLE_BUNDLE = "io.rapport.people";

    private final JpaUnit jpa;
    private final ChangeLog changeLog;
    private final BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PeopleService people;

    @Activate
    public CompaniesServiceImpl(BundleContext context, @Reference Database database,
            @Reference(target = "(osgi.unit.name=io.rapport.companies)") EntityManagerFactoryBuilder unit,
            @Reference ChangeLog changeLog) {
        this.context = context;
        this.jpa = database.open(unit);
        this.changeLog = changeLog;
    }

    @Deactivate
    void close() {
        jpa.close();
    }

    @Override
    public Company create(CompanyData data, String actor) {
        CompanyData d = CompanyJson.normalise(data);
        Company created = JpaUnit.write("company", null, CompaniesServiceImpl::uniqueTakenMeanwhile, () -> jpa.inTransaction(em -> {
            checkUnique(em, d, null);
            Company c = insert(em, d);
            recordEntity(em, CompanyEvents.CREATED, c, null, actor);
            return c;
        }));
        changeLog.committed();
        return created;
    }

    @Override
    public Optional<Company> get(String id) {
        return Optional.ofNullable(jpa.read(em -> {
            CompanyEntity e = em.find(CompanyEntity.class, id);
            return e == null ? null : toCompany(e);
        }));
    }

    @Override
    public List<Company> getAll(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jpa.read(em -> {
            // one lookup by key each, not an IN list: Derby keeps the plan it made for an IN list while the table was small (a scan)
            List<Company> found = new ArrayList<>(ids.size());
            for (String id : ids) {
                CompanyEntity c = em.find(CompanyEntity.class, id);
                if (c != null) { // deleted meanwhile
                    found.add(toCompany(c));
                }
            }
            return found;
        });
    }

    /** The unit, for this bundle's search field provider (which reads the table in bulk). */
    JpaUnit jpa() {
        return jpa;
    }

    @Override
    public Company touch(String id, Long expectedVersion) {
        return jpa.inTransaction(em -> {
            CompanyEntity e = find(em, id, expectedVersion);
            e.updatedAt = MonotonicClock.nowMicros(); // a change of the row: its version goes up on flush
            em.flush();
            return toCompany(e);
        });
    }

    @Override
    public Company patch(String id, Map<String, Object> mergePatch, Long expectedVersion, String actor) {
        JsonObjectReader patchFields = new JsonObjectReader(mergePatch);
        for (String key : mergePatch.keySet()) {
            if (CompanyJson.READ_ONLY.contains(key)) {
                patchFields.error(key, "is read-only");
            } else if (!CompanyJson.WRITABLE.contains(key)) {
                patchFields.error(key, "unknown field; writable fields are " + CompanyJson.WRITABLE_LIST);
            }
        }
        patchFields.throwIfInvalid();
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        Company updated = JpaUnit.write("company", expectedVersion, CompaniesServiceImpl::uniqueTakenMeanwhile, () -> jpa.inTransaction(em -> {
            changes.clear(); // from an attempt that lost a race
            CompanyEntity e = find(em, id, expectedVersion);
            Company before = toCompany(e);
            CompanyData d = CompanyJson.normalise(CompanyJson.read(MergePatch.apply(CompanyJson.write(before), mergePatch), true));
            checkUnique(em, d, id);
            Company after = change(em, e, before, d, changes);
            if (!changes.isEmpty()) {
                recordEntity(em, CompanyEvents.UPDATED, after, changes, actor);
            }
            return after;
        }));
        changeLog.committed();
        return updated;
    }

    @Override
    public Upsert upsertByExternalId(String externalId, CompanyData data, String actor) {
        String key = externalId == null ? null : externalId.trim();
        if (key == null || key.isEmpty()) {
            throw new InvalidException("external_id", "is required to upsert");
        }
        if (key.length() > 255) {
            throw new InvalidException("external_id", "must be at most 255 characters, was " + key.length());
        }
        if (data.externalId != null && !data.externalId.isBlank() && !data.externalId.trim().equals(key)) {
            throw new InvalidException("external_id", "the body's external_id '" + data.externalId
                    + "' differs from the query's '" + key + "'; leave it out or make them equal");
        }
        data.externalId = key;
        CompanyData d = CompanyJson.normalise(data);
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        boolean[] created = new boolean[1];
        Company company = JpaUnit.write("company", null, CompaniesServiceImpl::uniqueTakenMeanwhile, () -> jpa.inTransaction(em -> {
            changes.clear(); // from an attempt that lost a race
            List<CompanyEntity> found = em.createQuery("SELECT c FROM CompanyEntity c WHERE c.externalId = :x", CompanyEntity.class)
                    .setParameter("x", key).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
            if (found.isEmpty()) {
                checkUnique(em, d, null);
                created[0] = true;
                Company c = insert(em, d);
                recordEntity(em, CompanyEvents.CREATED, c, null, actor);
                return c;
            }
            created[0] = false;
            CompanyEntity e = found.get(0);
            checkUnique(em, d, e.id);
            Company after = change(em, e, toCompany(e), d, changes);
            if (!changes.isEmpty()) {
                recordEntity(em, CompanyEvents.UPDATED, after, changes, actor);
            }
            return after;
        }));
        changeLog.committed();
        return new Upsert(company, created[0]);
    }

    @Override
    public void delete(String id, Long expectedVersion, String actor) {
        JpaUnit.write("company", expectedVersion, CompaniesServiceImpl::uniqueTakenMeanwhile, () -> jpa.inTransaction(em -> {
            CompanyEntity e = find(em, id, expectedVersion);
            Company c = toCompany(e);
            // each member loses the link: recorded, so that their timelines and search fields (companies.*) follow
            for (String personId : em.createQuery("SELECT m.personId FROM MemberEntity m WHERE m.companyId = :id", String.class)
                    .setParameter("id", id).getResultList()) {
                recordLink(em, CompanyEvents.UNLINKED, c.id, c.name, personId, null, actor);
            }
            em.createQuery("DELETE FROM MemberEntity m WHERE m.companyId = :id").setParameter("id", id).executeUpdate();
            em.remove(e);
            recordEntity(em, CompanyEvents.DELETED, c, null, actor);
            return c;
        }));
        changeLog.committed();
    }

    @Override
    public Page<Company> list(String domain, String externalId, Map<String, String> filters, String cursor, int limit) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (filters != null) {
            filters.forEach((name, value) -> parameters.put(name, List.of(value)));
        }
        if (parameters.isEmpty()) {
            return list(domain, externalId, List.of(), cursor, limit);
        }
        // Looked up per call, not referenced: Profiles gets the profile sections as it activates, several
        // of which need this service, and a reference would make that a cycle that can deadlock startup.
        ServiceReference<Profiles> ref = context.getServiceReference(Profiles.class);
        Profiles profiles = ref == null ? null : context.getService(ref);
        if (profiles == null) {
            throw new UnavailableException("Filtering needs the io.rapport.platform bundle, which is not running.");
        }
        try {
            return list(domain, externalId, profiles.filters(Models.COMPANY, "ID", parameters), cursor, limit);
        } finally {
            context.ungetService(ref);
        }
    }

    @Override
    public Page<Company> list(String domain, String externalId, List<SubjectFilter.Condition> conditions, String cursor, int limit) {
        Cursor after = Cursor.decode(cursor);
        List<String> own = new ArrayList<>();
        List<Object> ownParameters = new ArrayList<>();
        if (domain != null) {
            String normal = CompanyJson.normaliseDomain(domain);
            if (normal == null) {
                throw new InvalidException("domain", "'" + domain + "' is not a domain name, such as acme.com");
            }
            own.add("DOMAIN_NAME = ?");
            ownParameters.add(normal);
        }
        if (externalId != null) {
            own.add("EXTERNAL_ID = ?");
            ownParameters.add(externalId.trim());
        }
        return jpa.read(em -> {
            List<Object[]> rows = KeysetPage.ids(em, "COMPANIES_COMPANY", own, ownParameters,
                    conditions == null ? List.of() : conditions, after, limit);
            List<Object[]> page = rows.subList(0, Math.min(limit, rows.size()));
            List<String> ids = new ArrayList<>();
            page.forEach(r -> ids.add((String) r[0]));
            Map<String, Company> byId = new HashMap<>();
            if (!ids.isEmpty()) {
                for (CompanyEntity e : em.createQuery("SELECT c FROM CompanyEntity c WHERE c.id IN :ids", CompanyEntity.class)
                        .setParameter("ids", ids).getResultList()) {
                    byId.put(e.id, toCompany(e));
                }
            }
            List<Company> data = new ArrayList<>();
            for (String id : ids) {
                Company c = byId.get(id);
                if (c != null) { // deleted between the two queries
                    data.add(c);
                }
            }
            String next = null;
            if (rows.size() > limit) {
                Object[] last = rows.get(limit - 1);
                next = new Cursor((Long) last[1], (String) last[0]).encode();
            }
            return new Page<>(data, next);
        });
    }

    @Override
    public boolean link(String companyId, String personId, String actor) {
        Company company = get(companyId).orElseThrow(() -> new NotFoundException(KIND, companyId));
        PeopleService ps = requirePeople("Linking people to companies");
        Person person = ps.get(personId).orElseThrow(() -> new NotFoundException("person", personId));
        boolean linked;
        try {
            linked = jpa.inTransaction(em -> {
                // The lock orders this link against a concurrent delete of the company.
                CompanyEntity c = em.find(CompanyEntity.class, company.id, LockModeType.PESSIMISTIC_WRITE);
                if (c == null) {
                    throw new NotFoundException(KIND, companyId);
                }
                if (em.find(MemberEntity.class, new MemberEntity.Key(c.id, person.id)) != null) {
                    return false;
                }
                em.persist(new MemberEntity(c.id, person.id, MonotonicClock.nowMicros()));
                em.flush();
                recordLink(em, CompanyEvents.LINKED, c.id, c.name, person.id, person.name, actor);
                return true;
            });
        } catch (PersistenceException e) {
            if (JpaUnit.isUniqueViolation(e)) {
                return false; // a concurrent request linked them first
            }
            throw e;
        }
        changeLog.committed();
        if (linked && ps.get(person.id).isEmpty()) {
            // The person was deleted while we linked, and the cleanup may have run before our commit.
            removePerson(person.id, person.name, actor);
        }
        return linked;
    }

    @Override
    public boolean unlink(String companyId, String personId, String actor) {
        String personName = nameOf(personId);
        boolean removed = jpa.inTransaction(em -> {
            CompanyEntity c = em.find(CompanyEntity.class, companyId);
            if (c == null) {
                throw new NotFoundException(KIND, companyId);
            }
            int n = em.createQuery("DELETE FROM MemberEntity m WHERE m.companyId = :c AND m.personId = :p")
                    .setParameter("c", companyId).setParameter("p", personId).executeUpdate();
            if (n == 0) {
                return false;
            }
            recordLink(em, CompanyEvents.UNLINKED, c.id, c.name, personId, personName, actor);
            return true;
        });
        if (removed) {
            changeLog.committed();
        }
        return removed;
    }

    @Override
    public Page<Membership> peopleOf(String companyId, String cursor, int limit) {
        Cursor after = Cursor.decode(cursor);
        return jpa.read(em -> {
            if (em.find(CompanyEntity.class, companyId) == null) {
                throw new NotFoundException(KIND, companyId);
            }
            String jpql = "SELECT m FROM MemberEntity m WHERE m.companyId = :c"
                    + (after == null ? "" : " AND (m.linkedAt < :t OR (m.linkedAt = :t AND m.personId < :p))")
                    + " ORDER BY m.linkedAt DESC, m.personId DESC";
            TypedQuery<MemberEntity> q = em.createQuery(jpql, MemberEntity.class).setParameter("c", companyId);
            if (after != null) {
                q.setParameter("t", after.time).setParameter("p", after.id);
            }
            List<MemberEntity> rows = q.setMaxResults(limit + 1).getResultList();
            List<Membership> data = new ArrayList<>();
            for (MemberEntity m : rows.subList(0, Math.min(limit, rows.size()))) {
                data.add(new Membership(m.companyId, m.personId, MonotonicClock.toInstant(m.linkedAt)));
            }
            String next = null;
            if (rows.size() > limit) {
                MemberEntity last = rows.get(limit - 1);
                next = new Cursor(last.linkedAt, last.personId).encode();
            }
            return new Page<>(data, next);
        });
    }

    @Override
    public int peopleCount(String companyId) {
        return jpa.read(em -> em.createQuery("SELECT COUNT(m) FROM MemberEntity m WHERE m.companyId = :c", Long.class)
                .setParameter("c", companyId).getSingleResult().intValue());
    }

    @Override
    public List<Company> companiesOf(String personId) {
        return jpa.read(em -> {
            List<Company> result = new ArrayList<>();
            for (CompanyEntity e : em.createQuery("SELECT c FROM CompanyEntity c, MemberEntity m WHERE m.personId = :p "
                    + "AND c.id = m.companyId ORDER BY m.linkedAt DESC, c.id DESC", CompanyEntity.class)
                    .setParameter("p", personId).getResultList()) {
                result.add(toCompany(e));
            }
            return result;
        });
    }

    /**
     * Removes a deleted person's links, recording {@code PERSON_DELETED} on each company. Idempotent: a
     * second call finds nothing and records nothing.
     */
    void removePerson(String personId, String personName, String actor) {
        int removed = jpa.inTransaction(em -> {
            List<Object[]> companies = em.createQuery("SELECT c.id, c.name FROM MemberEntity m, CompanyEntity c "
                    + "WHERE m.personId = :p AND c.id = m.companyId", Object[].class).setParameter("p", personId).getResultList();
            em.createQuery("DELETE FROM MemberEntity m WHERE m.personId = :p").setParameter("p", personId).executeUpdate();
            for (Object[] c : companies) {
                recordLink(em, CompanyEvents.PERSON_DELETED, (String) c[0], (String) c[1], personId, personName, actor);
            }
            return companies.size();
        });
        if (removed > 0) {
            changeLog.committed();
        }
    }

    /** Removes a deleted company's links (the delete does it already; this is for safety and idempotent). */
    void removeCompany(String companyId) {
        jpa.inTransaction(em -> em.createQuery("DELETE FROM MemberEntity m WHERE m.companyId = :c")
                .setParameter("c", companyId).executeUpdate());
    }

    private PeopleService requirePeople(String what) {
        PeopleService ps = people;
        if (ps == null) {
            throw new UnavailableException(what + " needs the " + PEOPLE_BUNDLE + " bundle, which is not running.");
        }
        return ps;
    }

    private String nameOf(String personId) {
        PeopleService ps = people;
        try {
            return ps == null ? null : ps.get(personId).map(p -> p.name).orElse(null);
        } catch (RuntimeException e) {
            return null; // the people bundle went away meanwhile: the name is only for display
        }
    }

    /** Reads a company for a write, locking the row so that concurrent writers queue instead of racing. */
    private static CompanyEntity find(EntityManager em, String id, Long expectedVersion) {
        CompanyEntity e = em.find(CompanyEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) {
            throw new NotFoundException(KIND, id);
        }
        if (expectedVersion != null && expectedVersion != e.version) {
            throw new StaleVersionException(KIND, id, e.version);
        }
        return e;
    }

    /** Applies {@code d} to a stored company, recording each field that really changes. */
    private static Company change(EntityManager em, CompanyEntity e, Company before, CompanyData d, Map<String, Map<String, Object>> changes) {
        diff(changes, "name", before.name, d.name);
        diff(changes, "domain", before.domain, d.domain);
        diff(changes, "website", before.website, d.website);
        diff(changes, "industry", before.industry, d.industry);
        diff(changes, "size", before.size, d.size);
        diff(changes, "external_id", before.externalId, d.externalId);
        if (changes.isEmpty()) {
            return before;
        }
        apply(e, d);
        e.updatedAt = MonotonicClock.nowMicros();
        em.flush();
        return toCompany(e);
    }

    private static void diff(Map<String, Map<String, Object>> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            Map<String, Object> c = new HashMap<>();
            c.put("old", before);
            c.put("new", after);
            changes.put(field, c);
        }
    }

    private static void apply(CompanyEntity e, CompanyData d) {
        e.name = d.name;
        e.domain = d.domain;
        e.website = d.website;
        e.industry = d.industry;
        e.size = d.size;
        e.externalId = d.externalId;
    }

    /** 409 naming the company that already has this domain or external id. */
    private static void checkUnique(EntityManager em, CompanyData d, String selfId) {
        if (d.domain != null) {
            for (String owner : em.createQuery("SELECT c.id FROM CompanyEntity c WHERE c.domain = :d", String.class)
                    .setParameter("d", d.domain).getResultList()) {
                if (!owner.equals(selfId)) {
                    throw new ConflictException("domain",
                            "The domain '" + d.domain + "' already belongs to company " + owner + ".");
                }
            }
        }
        if (d.externalId != null) {
            for (String owner : em.createQuery("SELECT c.id FROM CompanyEntity c WHERE c.externalId = :x", String.class)
                    .setParameter("x", d.externalId).getResultList()) {
                if (!owner.equals(selfId)) {
                    throw new ConflictException("external_id",
                            "The external_id '" + d.externalId + "' already belongs to company " + owner + ".");
                }
            }
        }
    }



    private static Company insert(EntityManager em, CompanyData d) {
        CompanyEntity e = new CompanyEntity();
        e.id = Ids.newId("com");
        e.createdAt = e.updatedAt = MonotonicClock.nowMicros();
        apply(e, d);
        em.persist(e);
        em.flush();
        return toCompany(e);
    }

    static Company toCompany(CompanyEntity e) {
        Company c = new Company();
        c.id = e.id;
        c.name = e.name;
        c.domain = e.domain;
        c.website = e.website;
        c.industry = e.industry;
        c.size = e.size;
        c.externalId = e.externalId;
        c.createdAt = MonotonicClock.toInstant(e.createdAt);
        c.updatedAt = MonotonicClock.toInstant(e.updatedAt);
        return c.version(e.version);
    }

    /** Records a change of the company itself in the durable change log, in the transaction of the change. */
    private void recordEntity(EntityManager em, String topic, Company c, Map<String, Map<String, Object>> changes, String actor) {
        Map<String, Object> data = new HashMap<>();
        data.put(ChangeEvents.ENTITY, CompanyJson.write(c));
        if (changes != null) {
            data.put(ChangeEvents.CHANGES, changes);
        }
        changeLog.record(em, Change.of(topic, Models.COMPANY, c.id, data, actor));
    }

    /** Records a change of a link; both names, so that the timeline of either profile can say what happened. */
    private void recordLink(EntityManager em, String topic, String companyId, String companyName, String personId,
            String personName, String actor) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(CompanyEvents.COMPANY_ID, companyId);
        data.put(CompanyEvents.COMPANY_NAME, companyName);
        data.put(CompanyEvents.PERSON_ID, personId);
        data.put(CompanyEvents.PERSON_NAME, personName);
        changeLog.record(em, Change.of(topic, Models.COMPANY, companyId, data, actor));
    }

    private static DomainException uniqueTakenMeanwhile() {
        return new ConflictException(
                "Another request stored the same domain or external_id at the same moment; read and retry.");
    }
}
