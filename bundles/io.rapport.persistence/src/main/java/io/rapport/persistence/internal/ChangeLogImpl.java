package io.rapport.persistence.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.persistence.EntityManager;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.jpa.EntityManagerFactoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeConsumer;
import io.rapport.persistence.api.ChangeLog;
import io.rapport.persistence.api.Database;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.persistence.api.OwnsPersistenceUnit;
import io.rapport.platform.api.MonotonicClock;

@OwnsPersistenceUnit
@Component(service = ChangeLog.class)
public class ChangeLogImpl implements ChangeLog {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeLogImpl.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String COUNTER = "changes";
    private static final String EVENT_PUBLISHER = "(event admin)";

    private final BundleContext context;
    private final JpaUnit jpa;
    private final Map<ServiceReference<ChangeConsumer>, ConsumerWorker> workers = new ConcurrentHashMap<>();
    private volatile ConsumerWorker eventPublisher;
    private volatile boolean active = true;

    @Activate
    public ChangeLogImpl(BundleContext context, @Reference Database database,
            @Reference(target = "(osgi.unit.name=io.rapport.persistence)") EntityManagerFactoryBuilder unit) {
        this.context = context;
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
        workers.values().forEach(ConsumerWorker::stop);
        workers.clear();
        if (eventPublisher != null) {
            eventPublisher.stop();
        }
        jpa.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    /*
     * Consumers are bound by reference and their service is got on the worker's thread, not here: a
     * consumer usually needs its bundle's service, which needs this log, and getting it while this
     * log is being activated would be a cycle that SCR breaks by failing one of them.
     */
    void addConsumer(ServiceReference<ChangeConsumer> ref) {
        Object name = ref.getProperty(ChangeConsumer.NAME);
        if (name == null) {
            LOG.error("A ChangeConsumer without the {} property is ignored: {}", ChangeConsumer.NAME, ref);
            return;
        }
        ConsumerWorker w = new ConsumerWorker(this, String.valueOf(name), topics(ref.getProperty(ChangeConsumer.TOPICS)), () -> {
            ChangeConsumer consumer = context.getService(ref);
            return consumer == null ? null : consumer::accept;
        }, true);
        workers.put(ref, w);
        w.start();
    }

    void removeConsumer(ServiceReference<ChangeConsumer> ref) {
        ConsumerWorker w = workers.remove(ref);
        if (w != null) {
            w.stop();
            try {
                context.ungetService(ref);
            } catch (IllegalStateException alreadyGone) {
                // our bundle is stopping
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin events) {
        // Events are live notifications: they start at the current end of the log, not at its beginning.
        ConsumerWorker w = new ConsumerWorker(this, EVENT_PUBLISHER, List.of(), () -> change -> events.postEvent(toEvent(change)), false);
        eventPublisher = w;
        w.start();
    }

    void unsetEventAdmin(EventAdmin events) {
        ConsumerWorker w = eventPublisher;
        eventPublisher = null;
        if (w != null) {
            w.stop();
        }
    }

    @Override
    public void record(EntityManager em, Change change) {
        // Plain SQL in the caller's transaction: the caller's unit need not map our tables. The UPDATE
        // locks the counter row until that transaction ends, which makes sequence order commit order.
        em.createNativeQuery("UPDATE RAPPORT_CHANGE_COUNTER SET LAST_SEQ = LAST_SEQ + 1 WHERE NAME = ?")
                .setParameter(1, COUNTER).executeUpdate();
        long seq = ((Number) em.createNativeQuery("SELECT LAST_SEQ FROM RAPPORT_CHANGE_COUNTER WHERE NAME = ?")
                .setParameter(1, COUNTER).getSingleResult()).longValue();
        String data;
        try {
            data = JSON.writeValueAsString(change.data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Change data must be JSON-shaped: " + e.getMessage(), e);
        }
        em.createNativeQuery("INSERT INTO RAPPORT_CHANGE (SEQ, TOPIC, MODEL, SUBJECT_ID, DATA, ACTOR, OCCURRED_AT) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .setParameter(1, seq).setParameter(2, change.topic).setParameter(3, change.model)
                .setParameter(4, change.subjectId).setParameter(5, data).setParameter(6, change.actor)
                .setParameter(7, MonotonicClock.nowMicros()).executeUpdate();
    }

    @Override
    public void committed() {
        workers.values().forEach(ConsumerWorker::wake);
        ConsumerWorker w = eventPublisher;
        if (w != null) {
            w.wake();
        }
    }

    @Override
    public long lastSeq() {
        return jpa.read(em -> em.find(ChangeCounterEntity.class, COUNTER).lastSeq);
    }

    boolean isActive() {
        return active;
    }

    /** Changes after {@code afterSeq}, oldest first. */
    @SuppressWarnings("unchecked")
    List<Change> read(long afterSeq, int limit) {
        return jpa.read(em -> {
            List<ChangeEntity> rows = em.createQuery("SELECT c FROM ChangeEntity c WHERE c.seq > :s ORDER BY c.seq", ChangeEntity.class)
                    .setParameter("s", afterSeq).setMaxResults(limit).getResultList();
            List<Change> changes = new ArrayList<>(rows.size());
            for (ChangeEntity r : rows) {
                Map<String, Object> data;
                try {
                    data = r.data == null ? Map.of() : JSON.readValue(r.data, Map.class);
                } catch (JsonProcessingException e) {
                    data = Map.of("unreadable", r.data);
                }
                changes.add(new Change(r.seq, r.topic, r.model, r.subjectId, data, r.actor, MonotonicClock.toInstant(r.occurredAt)));
            }
            return changes;
        });
    }

    long offset(String consumer, boolean fromStart) {
        return jpa.inTransaction(em -> {
            ChangeOffsetEntity o = em.find(ChangeOffsetEntity.class, consumer);
            if (o != null) {
                return o.seq;
            }
            long start = fromStart ? 0 : em.find(ChangeCounterEntity.class, COUNTER).lastSeq;
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

    static Event toEvent(Change change) {
        Dictionary<String, Object> props = new Hashtable<>();
        change.data.forEach((k, v) -> {
            if (k != null && v != null) {
                props.put(k, v);
            }
        });
        props.put("id", change.subjectId == null ? "" : change.subjectId);
        if (change.model != null) {
            props.put("model", change.model);
        }
        props.put("actor", change.actor);
        props.put("occurred_at", change.occurredAt.toString());
        props.put("seq", change.seq);
        return new Event(change.topic, props);
    }

    interface Handler {
        void accept(Change change) throws Exception;
    }
}
