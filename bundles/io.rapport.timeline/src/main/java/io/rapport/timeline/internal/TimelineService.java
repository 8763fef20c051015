package io.rapport.timeline.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.PersistenceException;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jpa.EntityManagerFactoryBuilder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeConsumer;
import io.rapport.persistence.api.Database;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.persistence.api.OwnsPersistenceUnit;
import io.rapport.platform.api.Cursor;
import io.rapport.platform.api.Ids;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.MonotonicClock;
import io.rapport.platform.api.Page;
import io.rapport.timeline.api.Timeline;
import io.rapport.timeline.api.TimelineEntry;

/**
 * Builds the timelines from the change log (a durable consumer: what happened while the timeline was
 * stopped arrives when it starts) and stores custom events.
 */
@OwnsPersistenceUnit
@Component(service = { Timeline.class, ChangeConsumer.class }, property = {
        ChangeConsumer.NAME + "=io.rapport.timeline", ChangeConsumer.TOPICS + "=rapport/" })
public class TimelineService implements Timeline, ChangeConsumer {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_METADATA_KEYS = 20;
    static final int MAX_METADATA_KEY = 100;
    static final int MAX_METADATA_VALUE = 1000;

    private final JpaUnit jpa;

    @Activate
    public TimelineService(@Reference Database database,
            @Reference(target = "(osgi.unit.name=io.rapport.timeline)") EntityManagerFactoryBuilder unit) {
        this.jpa = database.open(unit);
    }

    @Deactivate
    void close() {
        jpa.close();
    }

    @Override
    public void accept(Change change) {
        acceptAll(List.of(change));
    }

    /** A run of changes in one transaction; a run delivered again (partly) is repeated entry by entry. */
    @Override
    public void acceptAll(List<Change> changes) {
        try {
            write(changes, false);
        } catch (PersistenceException e) {
            if (!JpaUnit.isUniqueViolation(e)) {
                throw e;
            }
            write(changes, true);
        }
    }

    private void write(List<Change> changes, boolean careful) {
        jpa.inTransaction(em -> {
            try (EntryWriter writer = new EntryWriter(em.unwrap(Connection.class), careful)) {
                writer.write(changes);
            } catch (SQLException e) {
                throw new PersistenceException(e);
            }
            return null;
        });
    }

    @Override
    public Page<TimelineEntry> entries(String model, String subjectId, Set<String> types, String cursor, int limit) {
        Cursor after = Cursor.decode(cursor);
        return jpa.read(em -> {
            StringBuilder jpql = new StringBuilder("SELECT e FROM EntryEntity e WHERE e.model = :m AND e.subjectId = :s");
            if (!types.isEmpty()) {
                jpql.append(" AND e.type IN :types");
            }
            if (after != null) {
                jpql.append(" AND (e.occurredAt < :t OR (e.occurredAt = :t AND e.id < :id))");
            }
            jpql.append(" ORDER BY e.occurredAt DESC, e.id DESC");
            TypedQuery<EntryEntity> q = em.createQuery(jpql.toString(), EntryEntity.class)
                    .setParameter("m", model).setParameter("s", subjectId);
            if (!types.isEmpty()) {
                q.setParameter("types", types);
            }
            if (after != null) {
                q.setParameter("t", after.time).setParameter("id", after.id);
            }
            List<EntryEntity> rows = q.setMaxResults(limit + 1).getResultList();
            List<TimelineEntry> data = new ArrayList<>();
            for (int i = 0; i < Math.min(limit, rows.size()); i++) {
                data.add(toEntry(rows.get(i)));
            }
            String next = null;
            if (rows.size() > limit) {
                EntryEntity last = rows.get(limit - 1);
                next = new Cursor(last.occurredAt, last.id).encode();
            }
            return new Page<>(data, next);
        });
    }

    @Override
    public Recorded recordEvent(String model, String subjectId, Map<String, Object> body, String actor) {
        JsonObjectReader in = new JsonObjectReader(body).onlyKnown(Set.of("name", "occurred_at", "metadata"));
        String name = in.string("name", 100);
        if (name == null || name.isEmpty()) {
            if (in.raw("name") == null) {
                in.error("name", "is required: what happened, e.g. 'visited'");
            } else if ("".equals(name)) {
                in.error("name", "must not be empty");
            }
        }
        String when = in.string("occurred_at", 40);
        long occurredAt = MonotonicClock.nowMicros();
        if (when != null) {
            try {
                Instant i = Instant.parse(when);
                occurredAt = i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
                if (i.isAfter(Instant.now().plusSeconds(24 * 3600))) {
                    in.error("occurred_at", "is more than a day in the future");
                }
            } catch (DateTimeParseException e) {
                in.error("occurred_at", "must be an ISO 8601 UTC time such as 2026-11-22T10:15:30Z");
            }
        }
        Map<String, Object> metadata = metadata(in);
        in.throwIfInvalid();
        long at = occurredAt;
        String dedupe = "event:" + name + "@" + at;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", name);
        data.put("metadata", metadata);
        return jpa.inTransaction(em -> {
            List<EntryEntity> existing = em.createQuery(
                    "SELECT e FROM EntryEntity e WHERE e.model = :m AND e.subjectId = :s AND e.dedupe = :d", EntryEntity.class)
                    .setParameter("m", model).setParameter("s", subjectId).setParameter("d", dedupe).getResultList();
            if (!existing.isEmpty()) {
                return new Recorded(toEntry(existing.get(0)), false);
            }
            EntryEntity e = new EntryEntity();
            e.id = Ids.newId("tle");
            e.model = model;
            e.subjectId = subjectId;
            e.type = "event";
            e.occurredAt = at;
            e.actor = actor;
            e.summary = name;
            e.data = json(data);
            e.dedupe = dedupe;
            em.persist(e);
            return new Recorded(toEntry(e), true);
        });
    }

    /** Metadata: a flat object of at most 20 keys with short scalar values. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(JsonObjectReader in) {
        Object raw = in.raw("metadata");
        if (raw == null) {
            return Map.of();
        }
        if (!(raw instanceof Map)) {
            in.error("metadata", "must be an object");
            return Map.of();
        }
        Map<String, Object> m = (Map<String, Object>) raw;
        if (m.size() > MAX_METADATA_KEYS) {
            in.error("metadata", "must have at most " + MAX_METADATA_KEYS + " keys, had " + m.size());
            return Map.of();
        }
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String field = "metadata." + e.getKey();
            Object v = e.getValue();
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_METADATA_KEY) {
                in.error(field, "keys must be 1 to " + MAX_METADATA_KEY + " characters");
            } else if (v instanceof Map || v instanceof List) {
                in.error(field, "must be a string, number, boolean or null, not " + JsonObjectReader.typeOf(v));
            } else if (v instanceof String && ((String) v).length() > MAX_METADATA_VALUE) {
                in.error(field, "must be at most " + MAX_METADATA_VALUE + " characters");
            }
        }
        return m;
    }

    static String json(Map<String, Object> data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static TimelineEntry toEntry(EntryEntity e) {
        TimelineEntry t = new TimelineEntry();
        t.id = e.id;
        t.type = e.type;
        t.occurredAt = MonotonicClock.toInstant(e.occurredAt);
        t.actor = e.actor;
        t.summary = e.summary;
        try {
            t.data = e.data == null ? Map.of() : JSON.readValue(e.data, Map.class);
        } catch (JsonProcessingException ex) {
            t.data = Map.of();
        }
        return t;
    }
}
