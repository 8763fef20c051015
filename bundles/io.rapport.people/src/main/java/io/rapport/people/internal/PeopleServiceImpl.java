package io.rapport.people.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jpa.EntityManagerFactoryBuilder;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.errors.NotFoundException;
import io.rapport.platform.errors.ConflictException;
import io.rapport.platform.errors.StaleVersionException;
import io.rapport.people.api.Location;
import io.rapport.people.api.PeopleEvents;
import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.people.api.PersonData;
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
import io.rapport.platform.api.SubjectFilter;
import io.rapport.platform.api.Validators;

@OwnsPersistenceUnit
/** Also registered under its class, for the search field provider of this bundle. */
@Component(service = { PeopleService.class, PeopleServiceImpl.class })
public class PeopleServiceImpl implements PeopleService {
    private static final String KIND = "person";

    private final JpaUnit jpa;
    private final ChangeLog changeLog;

    @Activate
    public PeopleServiceImpl(@Reference Database database,
            @Reference(target = "(osgi.unit.name=io.rapport.people)") EntityManagerFactoryBuilder unit,
            @Reference ChangeLog changeLog) {
        this.jpa = database.open(unit);
        this.changeLog = changeLog;
    }

    @Deactivate
    void close() {
        jpa.close();
    }

    @Override
    public Person create(PersonData data, String actor) {
        PersonData d = PersonJson.normalise(data);
        Person created = JpaUnit.write(KIND, null, PeopleServiceImpl::uniqueTakenMeanwhile, () -> jpa.inTransaction(em -> {
            checkUnique(em, d, null);
            Person p = insert(em, d);
            record(em, PeopleEvents.CREATED, p, null, actor);
            return p;
        }));
        changeLog.committed();
        return created;
    }

    @Override
    public Optional<Person> get(String id) {
        return jpa.inTransaction(em -> readPeople(em, List.of(id))).stream().findFirst();
    }

    @Override
    public List<Person> getAll(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jpa.inTransaction(em -> readPeople(em, ids));
    }

    /**
     * These people, in this order (the ones deleted meanwhile left out), with plain JDBC: three indexed
     * lookups each. Not IN lists: Derby keeps the plan it made for an IN list while the table was small
     * (a scan), which at a million people makes every page of a list or a search read every person.
     */
    private static List<Person> readPeople(EntityManager em, List<String> ids) {
        List<Person> found = new ArrayList<>(ids.size());
        Connection c = em.unwrap(Connection.class);
        try (PreparedStatement person = c.prepareStatement("SELECT VERSION, NAME, AVATAR_URL, EXTERNAL_ID, CITY, REGION, COUNTRY, "
                + "CREATED_AT, UPDATED_AT, LOCATION_SOURCE, LOCATION_IP, LOCATION_RESOLVED_BY FROM PEOPLE_PERSON WHERE ID = ?");
                PreparedStatement emails = c.prepareStatement("SELECT EMAIL FROM PEOPLE_EMAIL WHERE PERSON_ID = ? ORDER BY POSITION");
                PreparedStatement phones = c.prepareStatement("SELECT PHONE FROM PEOPLE_PHONE WHERE PERSON_ID = ? ORDER BY POSITION")) {
            for (String id : ids) {
                Person p = new Person();
                long version;
                person.setString(1, id);
                try (ResultSet r = person.executeQuery()) {
                    if (!r.next()) {
                        continue; // deleted meanwhile
                    }
                    version = r.getLong(1);
                    p.id = id;
                    p.name = r.getString(2);
                    p.avatarUrl = r.getString(3);
                    p.externalId = r.getString(4);
                    p.location = new Location(r.getString(5), r.getString(6), r.getString(7), r.getString(10), r.getString(11), r.getString(12));
                    p.createdAt = MonotonicClock.toInstant(r.getLong(8));
                    p.updatedAt = MonotonicClock.toInstant(r.getLong(9));
                }
                p.emails = List.copyOf(strings(emails, id));
                p.phones = List.copyOf(strings(phones, id));
                found.add(p.version(version));
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
        return found;
    }

    /** The first column of every row {@code q} answers for the one parameter {@code key}. */
    private static List<String> strings(PreparedStatement q, String key) throws SQLException {
        List<String> values = new ArrayList<>(2);
        q.setString(1, key);
        try (ResultSet r = q.executeQuery()) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    /** The unit, for this bundle's search field provider (which reads the tables in bulk). */
    JpaUnit jpa() {
        return jpa;
    }

    @Override
    public Person patch(String id, Map<String, Object> mergePatch, Long expectedVersion, String actor) {
        JsonObjectReader patchFields = new JsonObjectReader(mergePatch);
        for (String key : mergePatch.keySet()) {
            if (PersonJson.READ_ONLY.contains(key)) {
                patchFields.error(key, "is read-only");
            } else if (!PersonJson.WRITABLE.contains(key)) {
                patchFields.error(key, "unknown field; writable fields are avatar_url, emails, external_id, location, name, phones");
            }
        }
        patchFields.throwIfInvalid();
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        Person updated = JpaUnit.write(KIND, expectedVersion, PeopleServiceImpl::uniqueTakenMeanwhile, () -> jpa.inTransaction(em -> {
            changes.clear(); // from an attempt that lost a race
            PersonEntity e = find(em, id, expectedVersion);
            Person before = toPerson(e, emailsOf(em, id));
            PersonData d = PersonJson.normalise(PersonJson.read(MergePatch.apply(PersonJson.write(before), mergePatch), true));
            d.location = PersonJson.located(before.location, d.location, PersonJson.namesSource(mergePatch));
            checkUnique(em, d, id);
            Person after = change(em, e, before, d, changes);
            if (!changes.isEmpty()) {
                record(em, PeopleEvents.UPDATED, after, changes, actor);
            }
            return after;
        }));
        changeLog.committed();
        return updated;
    }

    @Override
    public Person touch(String id, Long expectedVersion) {
        return jpa.inTransaction(em -> {
            PersonEntity e = find(em, id, expectedVersion);
            e.updatedAt = MonotonicClock.nowMicros(); // a change of the row: its version goes up on flush
            em.flush();
            return toPerson(e, emailsOf(em, id));
        });
    }

    @Override
    public List<BatchUpsert> upsertBatch(List<Map<String, Object>> rows, String actor) {
        return new PeopleBatch(jpa, changeLog).upsert(rows, actor);
    }

    @Override
    public Upsert upsertByExternalId(String externalId, PersonData data, String actor) {
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
        PersonData d = PersonJson.normalise(data);
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        boolean[] created = new boolean[1];
        Person person = JpaUnit.write(KIND, null, PeopleServiceImpl::uniqueTakenMeanwhile, () -> jpa.inTransaction(em -> {
            changes.clear(); // from an attempt that lost a race
            List<PersonEntity> found = em.createQuery("SELECT p FROM PersonEntity p WHERE p.externalId = :x", PersonEntity.class)
                    .setParameter("x", key).setLockMode(javax.persistence.LockModeType.PESSIMISTIC_WRITE).getResultList();
            if (found.isEmpty()) {
                checkUnique(em, d, null);
                created[0] = true;
                Person p = insert(em, d);
                record(em, PeopleEvents.CREATED, p, null, actor);
                return p;
            }
            created[0] = false;
            PersonEntity e = found.get(0);
            checkUnique(em, d, e.id);
            Person before = toPerson(e, emailsOf(em, e.id));
            d.location = PersonJson.located(before.location, d.location, data.location != null && data.location.source != null);
            Person after = change(em, e, before, d, changes);
            if (!changes.isEmpty()) {
                record(em, PeopleEvents.UPDATED, after, changes, actor);
            }
            return after;
        }));
        changeLog.committed();
        return new Upsert(person, created[0]);
    }

    @Override
    public void delete(String id, Long expectedVersion, String actor) {
        Person deleted = JpaUnit.write(KIND, expectedVersion, PeopleServiceImpl::uniqueTakenMeanwhile, () -> jpa.inTransaction(em -> {
            PersonEntity e = find(em, id, expectedVersion);
            Person p = toPerson(e, emailsOf(em, id));
            em.createQuery("DELETE FROM PersonEmailEntity m WHERE m.personId = :id").setParameter("id", id).executeUpdate();
            em.remove(e);
            record(em, PeopleEvents.DELETED, p, null, actor);
            return p;
        }));
        changeLog.committed();
    }

    @Override
    public Page<Person> list(String email, String externalId, List<SubjectFilter.Condition> conditions, String cursor, int limit) {
        Cursor after = Cursor.decode(cursor);
        List<String> own = new ArrayList<>();
        List<Object> ownParameters = new ArrayList<>();
        if (email != null) {
            String normal = Validators.normaliseEmail(email);
            if (normal == null) {
                throw new InvalidException("email", "'" + email + "' is not an email address");
            }
            own.add("ID IN (SELECT PERSON_ID FROM PEOPLE_EMAIL WHERE EMAIL = ?)");
            ownParameters.add(normal);
        }
        if (externalId != null) {
            own.add("EXTERNAL_ID = ?");
            ownParameters.add(externalId.trim());
        }
        return jpa.inTransaction(em -> {
            List<Object[]> rows = KeysetPage.ids(em, "PEOPLE_PERSON", own, ownParameters, conditions, after, limit);
            List<Object[]> page = rows.subList(0, Math.min(limit, rows.size()));
            List<Person> data = readPeople(em, page.stream().map(r -> (String) r[0]).collect(Collectors.toList()));
            String next = null;
            if (rows.size() > limit) {
                Object[] last = page.get(page.size() - 1);
                next = new Cursor((Long) last[1], (String) last[0]).encode();
            }
            return new Page<>(data, next);
        });
    }

    @Override
    public Optional<Person> findByEmail(String email) {
        List<Person> found = list(email, null, null, 1).data;
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public Optional<Person> findByPhone(String phone) {
        if (!Validators.isPhone(phone)) {
            return Optional.empty();
        }
        String written = phone.trim();
        String compact = written.replaceAll("[\\s().\\/-]", "");
        // Native SQL: a JPQL path to the element collection beside another path trips EclipseLink.
        String id = jpa.read(em -> {
            @SuppressWarnings("unchecked")
            List<Object> ids = em.createNativeQuery("SELECT p.ID FROM PEOPLE_PHONE f JOIN PEOPLE_PERSON p ON p.ID = f.PERSON_ID"
                    + " WHERE f.PHONE IN (?1, ?2) ORDER BY p.CREATED_AT, p.ID")
                    .setParameter(1, written).setParameter(2, compact).setMaxResults(1).getResultList();
            return ids.isEmpty() ? null : String.valueOf(ids.get(0));
        });
        return id == null ? Optional.empty() : get(id);
    }

    /** Reads a person for a write, locking the row so that concurrent writers queue instead of racing. */
    private PersonEntity find(EntityManager em, String id, Long expectedVersion) {
        PersonEntity e = em.find(PersonEntity.class, id, javax.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (e == null) {
            throw new NotFoundException(KIND, id);
        }
        if (expectedVersion != null && expectedVersion != e.version) {
            throw new StaleVersionException(KIND, id, e.version);
        }
        return e;
    }

    /** Applies {@code d} to a stored person, recording each field that really changes. */
    private Person change(EntityManager em, PersonEntity e, Person before, PersonData d, Map<String, Map<String, Object>> changes) {
        diff(changes, "name", before.name, d.name);
        diff(changes, "emails", before.emails, d.emails);
        diff(changes, "phones", before.phones, d.phones);
        diff(changes, "avatar_url", before.avatarUrl, d.avatarUrl);
        diff(changes, "external_id", before.externalId, d.externalId);
        diff(changes, "location.city", before.location.city, d.location.city);
        diff(changes, "location.region", before.location.region, d.location.region);
        diff(changes, "location.country", before.location.country, d.location.country);
        diff(changes, "location.source", before.location.source, d.location.source);
        diff(changes, "location.ip", before.location.ip, d.location.ip);
        if (changes.isEmpty()) {
            return before;
        }
        if (changes.containsKey("emails")) {
            replaceEmails(em, e.id, d.emails);
        }
        apply(e, d);
        e.updatedAt = MonotonicClock.nowMicros();
        em.flush();
        return toPerson(e, d.emails);
    }

    private static void diff(Map<String, Map<String, Object>> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            Map<String, Object> c = new HashMap<>();
            c.put("old", before);
            c.put("new", after);
            changes.put(field, c);
        }
    }

    private static void apply(PersonEntity e, PersonData d) {
        e.name = d.name;
        e.phones.clear();
        e.phones.addAll(d.phones);
        e.avatarUrl = d.avatarUrl;
        e.externalId = d.externalId;
        e.city = d.location.city;
        e.region = d.location.region;
        e.country = d.location.country;
        e.locationSource = d.location.source;
        e.locationIp = d.location.ip;
        e.locationResolvedBy = d.location.resolvedBy;
    }

    /** 409 naming the person that already has one of these emails or this external id. */
    private static void checkUnique(EntityManager em, PersonData d, String selfId) {
        if (!d.emails.isEmpty()) {
            List<Object[]> taken = em.createQuery(
                    "SELECT m.email, m.personId FROM PersonEmailEntity m WHERE m.email IN :emails", Object[].class)
                    .setParameter("emails", d.emails).getResultList();
            for (Object[] row : taken) {
                if (!row[1].equals(selfId)) {
                    throw new ConflictException("emails",
                            "The email '" + row[0] + "' already belongs to person " + row[1] + ".");
                }
            }
        }
        if (d.externalId != null) {
            List<String> owners = em.createQuery("SELECT p.id FROM PersonEntity p WHERE p.externalId = :x", String.class)
                    .setParameter("x", d.externalId).getResultList();
            for (String owner : owners) {
                if (!owner.equals(selfId)) {
                    throw new ConflictException("external_id",
                            "The external_id '" + d.externalId + "' already belongs to person " + owner + ".");
                }
            }
        }
    }



    private static Person insert(EntityManager em, PersonData d) {
        PersonEntity e = new PersonEntity();
        e.id = Ids.newId("per");
        e.createdAt = e.updatedAt = MonotonicClock.nowMicros();
        apply(e, d);
        em.persist(e);
        replaceEmails(em, e.id, d.emails);
        em.flush();
        return toPerson(e, d.emails);
    }

    /** Writes a person's whole email list: the old rows go first, so a reordered list cannot collide with itself. */
    private static void replaceEmails(EntityManager em, String personId, List<String> emails) {
        em.createQuery("DELETE FROM PersonEmailEntity m WHERE m.personId = :id").setParameter("id", personId).executeUpdate();
        for (int i = 0; i < emails.size(); i++) {
            em.persist(new PersonEmailEntity(emails.get(i), personId, i));
        }
    }

    private static List<String> emailsOf(EntityManager em, String personId) {
        // an equality, not a one-element IN list: Derby keeps a plan made on a small table (a scan) for IN lists
        return em.createQuery("SELECT m.email FROM PersonEmailEntity m WHERE m.personId = :id ORDER BY m.position", String.class)
                .setParameter("id", personId).getResultList();
    }

    private static DomainException uniqueTakenMeanwhile() {
        return new ConflictException(
                "Another request stored the same email or external_id at the same moment; read and retry.");
    }

    static Person toPerson(PersonEntity e, List<String> emails) {
        Person p = new Person();
        p.id = e.id;
        p.name = e.name;
        p.emails = List.copyOf(emails);
        p.phones = List.copyOf(e.phones);
        p.avatarUrl = e.avatarUrl;
        p.externalId = e.externalId;
        p.location = new Location(e.city, e.region, e.country, e.locationSource, e.locationIp, e.locationResolvedBy);
        p.createdAt = MonotonicClock.toInstant(e.createdAt);
        p.updatedAt = MonotonicClock.toInstant(e.updatedAt);
        return p.version(e.version);
    }

    /** Records the change in the durable change log, in the same transaction as the change. */
    private void record(EntityManager em, String topic, Person p, Map<String, Map<String, Object>> changes, String actor) {
        Map<String, Object> data = new HashMap<>();
        data.put(ChangeEvents.ENTITY, PersonJson.write(p));
        if (changes != null) {
            data.put(ChangeEvents.CHANGES, changes);
        }
        changeLog.record(em, Change.of(topic, Models.PERSON, p.id, data, actor));
    }
}
