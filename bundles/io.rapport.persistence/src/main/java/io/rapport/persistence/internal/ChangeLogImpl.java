package io.rapport.persistence.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jpa.EntityManagerFactoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeLog;
import io.rapport.persistence.api.Database;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.persistence.api.OwnsPersistenceUnit;
import io.rapport.platform.api.MonotonicClock;

/**
 * The change log: records each change in the writer's own transaction (so a change is logged if and only
 * if it commits), numbers changes in commit order, and reads them back in slices and keeps each durable
 * consumer's position. Delivering the log to consumers is {@link ChangeConsumers}' job.
 */
@OwnsPersistenceUnit
@Component(service = ChangeLog.class)
public class ChangeLogImpl implements ChangeLog {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeLogImpl.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String COUNTER = "changes";

    private final JpaUnit jpa;
    private volatile Runnable wake;
    private volatile boolean active = true;

    @Activate
    public ChangeLogImpl(@Reference Database database,
            @Reference(target = "(osgi.unit.name=io.rapport.persistence)") EntityManagerFactoryBuilder unit) {
        this.jpa = database.open(unit);
        jpa.inTransaction(em -> {
            if (em.find(ChangeCounterEntity.class, COUNTER) == null) {
                ChangeCounterEntity c = new ChangeCounterEntity();
                c.name = COUNTER;
                em.persist(c);
            }
            return null;
        });
    }

    @Deactivate
    void deactivate() {
        active = false;
        jpa.close();
    }

    /** Sets what {@link #committed()} wakes: the consumer whiteboard's workers; null for nothing. */
    void onCommitted(Runnable wake) {
        this.wake = wake;
    }

    @Override
    public void record(EntityManager em, Change change) {
        recordAll(em, List.of(change));
    }

    @Override
    public void recordAll(EntityManager em, List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        // Plain JDBC on the caller's transaction: the caller's unit need not map our tables, and unlike a
        // JPA query it does not flush (and diff) every entity the caller's context holds first. The UPDATE
        // locks the counter row until that transaction ends, which makes sequence order commit order.
        Connection c = em.unwrap(Connection.class);
        try {
            try (PreparedStatement next = c.prepareStatement("UPDATE RAPPORT_CHANGE_COUNTER SET LAST_SEQ = LAST_SEQ + ? WHERE NAME = ?")) {
                next.setLong(1, changes.size());
                next.setString(2, COUNTER);
                next.executeUpdate();
            }
            long last = counter(em);
            long seq = last - changes.size();
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO RAPPORT_CHANGE (SEQ, TOPIC, MODEL, SUBJECT_ID, DATA, ACTOR, OCCURRED_AT) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Change change : changes) {
                    insert.setLong(1, ++seq);
                    insert.setString(2, change.topic);
                    insert.setString(3, change.model);
                    insert.setString(4, change.subjectId);
                    insert.setString(5, json(change));
                    insert.setString(6, change.actor);
                    insert.setLong(7, MonotonicClock.nowMicros());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw new PersistenceException("The change log could not record " + changes.size() + " change(s): " + e.getMessage(), e);
        }
    }

    private static String json(Change change) {
        try {
            return JSON.writeValueAsString(change.data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Change data must be JSON-shaped: " + e.getMessage(), e);
        }
    }

    @Override
    public void committed() {
        Runnable w = wake;
        if (w != null) {
            w.run();
        }
    }

    @Override
    public long lastSeq() {
        return jpa.inTransaction(ChangeLogImpl::counter);
    }

    @Override
    public List<Change> read(long afterSeq, int limit) {
        return read(afterSeq, Math.max(1, limit), List.of()).wanted;
    }

    boolean isActive() {
        return active;
    }

    /** A slice of the log: the changes in it a consumer wants, and the last sequence number it covers. */
    static final class Slice {
        final List<Change> wanted;
        final long lastSeq;
        final int size;

        Slice(List<Change> wanted, long lastSeq, int size) {
            this.wanted = wanted;
            this.lastSeq = lastSeq;
            this.size = size;
        }
    }

    /**
     * Up to {@code limit} changes after {@code afterSeq}, oldest first, with the data parsed only of those
     * whose topic starts with one of {@code topics} (every topic when empty): most consumers want few
     * topics, and reading and parsing the data is most of the cost of a change.
     */
    @SuppressWarnings("unchecked")
    Slice read(long afterSeq, int limit, List<String> topics) {
        return jpa.inTransaction(em -> {
            Connection c = em.unwrap(Connection.class);
            List<Change> wanted = new ArrayList<>();
            long last = afterSeq;
            int size = 0;
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT SEQ, TOPIC, MODEL, SUBJECT_ID, ACTOR, OCCURRED_AT, DATA FROM RAPPORT_CHANGE WHERE SEQ > ? ORDER BY SEQ")) {
                q.setLong(1, afterSeq);
                q.setMaxRows(limit);
                q.setFetchSize(limit);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        size++;
                        last = r.getLong(1);
                        String topic = r.getString(2);
                        if (!matches(topic, topics)) {
                            continue;
                        }
                        String json = r.getString(7);
                        Map<String, Object> data;
                        try {
                            data = json == null ? Map.of() : JSON.readValue(json, Map.class);
                        } catch (JsonProcessingException e) {
                            data = Map.of("unreadable", json);
                        }
                        wanted.add(new Change(last, topic, r.getString(3), r.getString(4), data, r.getString(5),
                                MonotonicClock.toInstant(r.getLong(6))));
                    }
                }
            } catch (SQLException e) {
                throw new PersistenceException("The change log could not be read: " + e.getMessage(), e);
            }
            return new Slice(wanted, last, size);
        });
    }

    static boolean matches(String topic, List<String> topics) {
        if (topics.isEmpty()) {
            return true;
        }
        for (String prefix : topics) {
            if (topic.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    long offset(String consumer, boolean fromStart) {
        return jpa.inTransaction(em -> {
            ChangeOffsetEntity o = em.find(ChangeOffsetEntity.class, consumer);
            if (o != null) {
                return o.seq;
            }
            long start = fromStart ? 0 : counter(em);
            if (fromStart) {
                o = new ChangeOffsetEntity();
                o.consumer = consumer;
                o.seq = start;
                em.persist(o);
            }
            return start;
        });
    }

    void storeOffset(String consumer, long seq) {
        jpa.inTransaction(em -> {
            ChangeOffsetEntity o = em.find(ChangeOffsetEntity.class, consumer);
            if (o == null) {
                o = new ChangeOffsetEntity();
                o.consumer = consumer;
                em.persist(o);
            }
            o.seq = Math.max(o.seq, seq);
            return null;
        });
    }

    /**
     * The counter as the database has it now: it is only ever written with SQL, so the entity in
     * EclipseLink's shared cache may be old.
     */
    private static long counter(EntityManager em) {
        try (PreparedStatement read = em.unwrap(Connection.class).prepareStatement("SELECT LAST_SEQ FROM RAPPORT_CHANGE_COUNTER WHERE NAME = ?")) {
            read.setString(1, COUNTER);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    static List<String> topics(Object property) {
        if (property == null) {
            return List.of();
        }
        if (property instanceof String[]) {
            return List.of((String[]) property);
        }
        if (property instanceof java.util.Collection) {
            List<String> l = new ArrayList<>();
            ((java.util.Collection<?>) property).forEach(t -> l.add(String.valueOf(t)));
            return l;
        }
        return List.of(String.valueOf(property));
    }

    interface Handler {
        void accept(List<Change> changes) throws Exception;
    }
}
