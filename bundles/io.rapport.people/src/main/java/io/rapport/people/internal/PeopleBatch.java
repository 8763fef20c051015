package io.rapport.people.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.errors.ConflictException;
import io.rapport.people.api.Location;
import io.rapport.people.api.PeopleEvents;
import io.rapport.people.api.PeopleService.BatchUpsert;
import io.rapport.people.api.Person;
import io.rapport.people.api.PersonData;
import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeLog;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.platform.api.ChangeEvents;
import io.rapport.platform.api.Ids;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.MonotonicClock;
import io.rapport.platform.errors.DomainException;

/**
 * {@code PeopleService.upsertBatch}: many rows in one transaction. Rows are applied in memory in order
 * (so a row sees the people earlier rows created or changed), then written: changed people through JPA
 * (version checks, cache), new people and emails with batched JDBC on the transaction's connection.
 */
final class PeopleBatch {
    private static final int ATTEMPTS = 3;

    private final JpaUnit jpa;
    private final ChangeLog changeLog;

    PeopleBatch(JpaUnit jpa, ChangeLog changeLog) {
        this.jpa = jpa;
        this.changeLog = changeLog;
    }

    List<BatchUpsert> upsert(List<Map<String, Object>> objects, String actor) {
        if (objects.size() > io.rapport.people.api.PeopleService.MAX_BATCH) {
            throw new InvalidException("rows", "must be at most " + io.rapport.people.api.PeopleService.MAX_BATCH + " per batch, were " + objects.size());
        }
        List<Row> rows = new ArrayList<>(objects.size());
        for (Map<String, Object> object : objects) {
            rows.add(Row.read(object));
        }
        List<BatchUpsert> result;
        try {
            result = write(rows, actor);
        } catch (PersistenceException e) {
            if (!JpaUnit.isUniqueViolation(e) && !JpaUnit.isLostRace(e)) {
                throw e;
            }
            // A race the batch keeps losing, or rows of one batch swapping unique values: one row at a time.
            result = new ArrayList<>(rows.size());
            for (Row row : rows) {
                try {
                    result.addAll(write(List.of(row), actor));
                } catch (PersistenceException single) {
                    if (!JpaUnit.isUniqueViolation(single) && !JpaUnit.isLostRace(single)) {
                        throw single;
                    }
                    result.add(BatchUpsert.failed(new ConflictException(
                            "Another request changed this person, or took one of its emails or its external_id, at the same moment; retry.")));
                }
            }
        }
        changeLog.committed();
        return result;
    }

    /** One attempt after another while the transaction loses races; the last failure is thrown. */
    private List<BatchUpsert> write(List<Row> rows, String actor) {
        for (int attempt = 1;; attempt++) {
            try {
                return jpa.inTransaction(em -> apply(em, rows, actor));
            } catch (PersistenceException e) {
                if (attempt == ATTEMPTS || !JpaUnit.isUniqueViolation(e) && !JpaUnit.isLostRace(e)) {
                    throw e;
                }
            }
        }
    }

    private List<BatchUpsert> apply(EntityManager em, List<Row> rows, String actor) {
        Connection c = em.unwrap(Connection.class);
        Set<String> emails = new LinkedHashSet<>();
        Set<String> externalIds = new LinkedHashSet<>();
        for (Row r : rows) {
            if (r.problem == null) {
                if (r.has("emails")) {
                    emails.addAll(r.data.emails);
                }
                if (r.has("external_id") && r.data.externalId != null) {
                    externalIds.add(r.data.externalId);
                }
            }
        }
        Map<String, String> emailOwner;
        Map<String, String> externalOwner;
        Map<String, Working> people;
        try {
            emailOwner = lookup(c, "SELECT PERSON_ID FROM PEOPLE_EMAIL WHERE EMAIL = ?", emails);
            externalOwner = lookup(c, "SELECT ID FROM PEOPLE_PERSON WHERE EXTERNAL_ID = ?", externalIds);
            people = load(em, c, new LinkedHashSet<>(concat(emailOwner.values(), externalOwner.values())));
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
        // deleted between the lookups and the load: as if not found (a unique value still taken fails the write, which is retried)
        emailOwner.values().removeIf(id -> !people.containsKey(id));
        externalOwner.values().removeIf(id -> !people.containsKey(id));

        List<BatchUpsert> result = new ArrayList<>(rows.size());
        List<Change> changes = new ArrayList<>();
        for (Row r : rows) {
            if (r.problem != null) {
                result.add(BatchUpsert.failed(r.problem));
                continue;
            }
            String id = r.externalId() == null ? null : externalOwner.get(r.externalId());
            if (id == null && r.firstEmail() != null) {
                id = emailOwner.get(r.firstEmail());
                String stored = id == null ? null : people.get(id).state.externalId;
                if (stored != null && r.externalId() != null && !stored.equals(r.externalId())) {
                    result.add(BatchUpsert.failed(new ConflictException("emails", "The email '" + r.firstEmail()
                            + "' belongs to person " + id + ", whose external_id is '" + stored + "', not '" + r.externalId() + "'.")));
                    continue;
                }
            }
            Working w = id == null ? null : people.get(id);
            PersonData before = w == null ? new PersonData() : w.state;
            PersonData after = r.mergeInto(before);
            DomainException conflict = conflict(after, id, emailOwner, externalOwner);
            if (conflict != null) {
                result.add(BatchUpsert.failed(conflict));
                continue;
            }
            long now = MonotonicClock.nowMicros();
            if (w == null) {
                w = new Working(Ids.newId("per"), null, after, now);
                people.put(w.id, w);
                own(w.id, new PersonData(), after, emailOwner, externalOwner);
                Person created = w.snapshot();
                changes.add(change(PeopleEvents.CREATED, created, null, actor));
                result.add(new BatchUpsert(created, null, true, null));
                continue;
            }
            Person previous = w.snapshot();
            Map<String, Map<String, Object>> diff = diff(before, after);
            if (diff.isEmpty()) {
                result.add(new BatchUpsert(previous, previous, false, null));
                continue;
            }
            own(w.id, before, after, emailOwner, externalOwner);
            w.emailsChanged |= diff.containsKey("emails");
            w.changed = true;
            w.state = after;
            w.updatedAt = now;
            Person updated = w.snapshot();
            changes.add(change(PeopleEvents.UPDATED, updated, diff, actor));
            result.add(new BatchUpsert(updated, previous, false, null));
        }
        try {
            store(em, c, people.values());
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
        changeLog.recordAll(em, changes);
        return result;
    }

    /** The people these ids name, as managed entities with their emails (for the rows to change). */
    private static Map<String, Working> load(EntityManager em, Connection c, Set<String> ids) throws SQLException {
        Map<String, Working> people = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return people;
        }
        try (PreparedStatement emails = c.prepareStatement("SELECT EMAIL FROM PEOPLE_EMAIL WHERE PERSON_ID = ? ORDER BY POSITION")) {
            for (String id : ids) {
                PersonEntity e = em.find(PersonEntity.class, id);
                if (e == null) {
                    continue;
                }
                PersonData d = new PersonData();
                d.name = e.name;
                d.emails = new ArrayList<>();
                emails.setString(1, id);
                try (ResultSet rs = emails.executeQuery()) {
                    while (rs.next()) {
                        d.emails.add(rs.getString(1));
                    }
                }
                d.phones = new ArrayList<>(e.phones);
                d.avatarUrl = e.avatarUrl;
                d.externalId = e.externalId;
                d.location = new Location(e.city, e.region, e.country, e.locationSource, e.locationIp, e.locationResolvedBy);
                people.put(e.id, new Working(e.id, e, d, e.updatedAt));
            }
        }
        return people;
    }

    /** 409 naming the other person that has one of these emails or this external id, or null. */
    private static DomainException conflict(PersonData d, String selfId, Map<String, String> emailOwner, Map<String, String> externalOwner) {
        for (String email : d.emails) {
            String owner = emailOwner.get(email);
            if (owner != null && !owner.equals(selfId)) {
                return new ConflictException("emails", "The email '" + email + "' already belongs to person " + owner + ".");
            }
        }
        if (d.externalId != null) {
            String owner = externalOwner.get(d.externalId);
            if (owner != null && !owner.equals(selfId)) {
                return new ConflictException("external_id", "The external_id '" + d.externalId + "' already belongs to person " + owner + ".");
            }
        }
        return null;
    }

    /** Moves the unique values a person gave up and took in the lookups, so that later rows see them. */
    private static void own(String id, PersonData before, PersonData after, Map<String, String> emailOwner, Map<String, String> externalOwner) {
        for (String email : before.emails) {
            if (!after.emails.contains(email) && id.equals(emailOwner.get(email))) {
                emailOwner.remove(email);
            }
        }
        for (String email : after.emails) {
            emailOwner.put(email, id);
        }
        if (before.externalId != null && !before.externalId.equals(after.externalId) && id.equals(externalOwner.get(before.externalId))) {
            externalOwner.remove(before.externalId);
        }
        if (after.externalId != null) {
            externalOwner.put(after.externalId, id);
        }
    }

    /**
     * Writes the final state of every person the rows touched. Changed people go through their managed
     * entities, flushed first, so that values they gave up are free before new people take them.
     */
    private static void store(EntityManager em, Connection c, Collection<Working> people) throws SQLException {
        List<Working> created = new ArrayList<>();
        List<Working> emailsChanged = new ArrayList<>();
        for (Working w : people) {
            if (w.entity == null) {
                created.add(w);
                emailsChanged.add(w);
            } else if (w.changed) {
                PersonEntity e = w.entity;
                e.name = w.state.name;
                if (!e.phones.equals(w.state.phones)) {
                    e.phones.clear();
                    e.phones.addAll(w.state.phones);
                }
                e.avatarUrl = w.state.avatarUrl;
                e.externalId = w.state.externalId;
                e.city = w.state.location.city;
                e.region = w.state.location.region;
                e.country = w.state.location.country;
                e.locationSource = w.state.location.source;
                e.locationIp = w.state.location.ip;
                e.locationResolvedBy = w.state.location.resolvedBy;
                e.updatedAt = w.updatedAt;
                if (w.emailsChanged) {
                    emailsChanged.add(w);
                }
            }
        }
        em.flush();
        if (emailsChanged.stream().anyMatch(w -> w.entity != null)) {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM PEOPLE_EMAIL WHERE PERSON_ID = ?")) {
                for (Working w : emailsChanged) {
                    if (w.entity != null) {
                        delete.setString(1, w.id);
                        delete.addBatch();
                    }
                }
                delete.executeBatch();
            }
        }
        if (!created.isEmpty()) {
            try (PreparedStatement person = c.prepareStatement("INSERT INTO PEOPLE_PERSON (ID, VERSION, NAME, AVATAR_URL, EXTERNAL_ID, "
                    + "CITY, REGION, COUNTRY, CREATED_AT, UPDATED_AT, LOCATION_SOURCE, LOCATION_IP, LOCATION_RESOLVED_BY) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement phone = c.prepareStatement("INSERT INTO PEOPLE_PHONE (PERSON_ID, PHONE, POSITION) VALUES (?, ?, ?)")) {
                boolean phones = false;
                for (Working w : created) {
                    PersonData d = w.state;
                    person.setString(1, w.id);
                    person.setLong(2, 1);
                    person.setString(3, d.name);
                    person.setString(4, d.avatarUrl);
                    person.setString(5, d.externalId);
                    person.setString(6, d.location.city);
                    person.setString(7, d.location.region);
                    person.setString(8, d.location.country);
                    person.setLong(9, w.createdAt);
                    person.setLong(10, w.updatedAt);
                    person.setString(11, d.location.source);
                    person.setString(12, d.location.ip);
                    person.setString(13, d.location.resolvedBy);
                    person.addBatch();
                    for (int i = 0; i < d.phones.size(); i++) {
                        phone.setString(1, w.id);
                        phone.setString(2, d.phones.get(i));
                        phone.setInt(3, i);
                        phone.addBatch();
                        phones = true;
                    }
                }
                person.executeBatch();
                if (phones) {
                    phone.executeBatch();
                }
            }
        }
        if (emailsChanged.stream().anyMatch(w -> !w.state.emails.isEmpty())) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO PEOPLE_EMAIL (EMAIL, PERSON_ID, POSITION) VALUES (?, ?, ?)")) {
                for (Working w : emailsChanged) {
                    for (int i = 0; i < w.state.emails.size(); i++) {
                        insert.setString(1, w.state.emails.get(i));
                        insert.setString(2, w.id);
                        insert.setInt(3, i);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
        }
    }

    /**
     * Key to value of {@code sql} (one key parameter) for each key. One indexed lookup per key: Derby plans
     * an IN list of parameters as a scan of the whole table once it has planned it on a small one.
     */
    private static Map<String, String> lookup(Connection c, String sql, Collection<String> keys) throws SQLException {
        Map<String, String> result = new HashMap<>();
        if (keys.isEmpty()) {
            return result;
        }
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (String key : keys) {
                q.setString(1, key);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        result.put(key, rs.getString(1));
                    }
                }
            }
        }
        return result;
    }

    private static Map<String, Map<String, Object>> diff(PersonData before, PersonData after) {
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        diff(changes, "name", before.name, after.name);
        diff(changes, "emails", before.emails, after.emails);
        diff(changes, "phones", before.phones, after.phones);
        diff(changes, "avatar_url", before.avatarUrl, after.avatarUrl);
        diff(changes, "external_id", before.externalId, after.externalId);
        diff(changes, "location.city", before.location.city, after.location.city);
        diff(changes, "location.region", before.location.region, after.location.region);
        diff(changes, "location.country", before.location.country, after.location.country);
        diff(changes, "location.source", before.location.source, after.location.source);
        diff(changes, "location.ip", before.location.ip, after.location.ip);
        return changes;
    }

    private static void diff(Map<String, Map<String, Object>> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            Map<String, Object> c = new HashMap<>();
            c.put("old", before);
            c.put("new", after);
            changes.put(field, c);
        }
    }

    private static Change change(String topic, Person p, Map<String, Map<String, Object>> changes, String actor) {
        Map<String, Object> data = new HashMap<>();
        data.put(ChangeEvents.ENTITY, PersonJson.write(p));
        if (changes != null) {
            data.put(ChangeEvents.CHANGES, changes);
        }
        return Change.of(topic, Models.PERSON, p.id, data, actor);
    }

    private static <T> List<T> concat(Collection<T> a, Collection<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A person the batch touches: its state as the rows so far left it. */
    private static final class Working {
        final String id;
        /** Null for a person this batch creates. */
        final PersonEntity entity;
        final long createdAt;
        final long version;
        PersonData state;
        long updatedAt;
        boolean changed;
        boolean emailsChanged;

        Working(String id, PersonEntity entity, PersonData state, long updatedAt) {
            this.id = id;
            this.entity = entity;
            this.state = state;
            this.createdAt = entity == null ? updatedAt : entity.createdAt;
            this.version = entity == null ? 1 : entity.version;
            this.updatedAt = updatedAt;
        }

        Person snapshot() {
            Person p = new Person();
            p.id = id;
            p.name = state.name;
            p.emails = List.copyOf(state.emails);
            p.phones = List.copyOf(state.phones);
            p.avatarUrl = state.avatarUrl;
            p.externalId = state.externalId;
            Location l = state.location;
            p.location = new Location(l.city, l.region, l.country, l.source, l.ip, l.resolvedBy);
            p.createdAt = MonotonicClock.toInstant(createdAt);
            p.updatedAt = MonotonicClock.toInstant(updatedAt);
            return p.version(entity == null || !changed ? version : version + 1);
        }
    }

    /** One row as read and checked on its own: the fields it sets, in normal form, or its problem. */
    static final class Row {
        final Map<String, Object> object;
        final PersonData data;
        /** The location fields the row sets. */
        final Set<String> locationFields;
        final DomainException problem;

        private Row(Map<String, Object> object, PersonData data, Set<String> locationFields, DomainException problem) {
            this.object = object;
            this.data = data;
            this.locationFields = locationFields;
            this.problem = problem;
        }

        @SuppressWarnings("unchecked")
        static Row read(Map<String, Object> object) {
            try {
                PersonData d = PersonJson.normalise(PersonJson.read(object, false));
                Set<String> location = new LinkedHashSet<>();
                if (object.containsKey("location")) {
                    Object l = object.get("location");
                    location.addAll(l == null ? PersonJson.LOCATION_FIELDS : ((Map<String, Object>) l).keySet());
                }
                Row row = new Row(object, d, location, null);
                if (row.externalId() == null && row.firstEmail() == null) {
                    return new Row(object, null, Set.of(), new InvalidException("emails",
                            "a row needs an external_id or an email, to find its person again on a later import"));
                }
                return row;
            } catch (DomainException e) {
                return new Row(object, null, Set.of(), e);
            }
        }

        boolean has(String field) {
            return object.containsKey(field);
        }

        String externalId() {
            return has("external_id") ? data.externalId : null;
        }

        String firstEmail() {
            return has("emails") && !data.emails.isEmpty() ? data.emails.get(0) : null;
        }

        /** {@code before} with the fields this row sets replaced. */
        PersonData mergeInto(PersonData before) {
            PersonData d = new PersonData();
            d.name = has("name") ? data.name : before.name;
            d.emails = new ArrayList<>(has("emails") ? data.emails : before.emails);
            d.phones = new ArrayList<>(has("phones") ? data.phones : before.phones);
            d.avatarUrl = has("avatar_url") ? data.avatarUrl : before.avatarUrl;
            d.externalId = has("external_id") ? data.externalId : before.externalId;
            Location b = before.location == null ? new Location() : before.location;
            Location merged = new Location(locationFields.contains("city") ? data.location.city : b.city,
                    locationFields.contains("region") ? data.location.region : b.region,
                    locationFields.contains("country") ? data.location.country : b.country,
                    data.location.source, data.location.ip, data.location.resolvedBy);
            d.location = PersonJson.located(b, merged, locationFields.contains("source"));
            return d;
        }
    }
}
