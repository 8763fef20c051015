package io.rapport.persistence.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeConsumer;
import io.rapport.persistence.api.ChangeLog;

/**
 * The whiteboard of {@link ChangeConsumer}s: one worker per consumer delivers the log to it from its
 * stored position, and one posts every new change to Event Admin. Woken by the log after each commit.
 * <p>
 * It is a component of its own, activated after the log, so that a consumer may take its own bundle's
 * service (which needs the log) as a static reference: binding consumers while the log itself activates
 * would make that a cycle.
 */
@Component(service = {})
public class ChangeConsumers {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeConsumers.class);
    private static final String EVENT_PUBLISHER = "(event admin)";

    private final ChangeLogImpl log;
    private final Map<ServiceReference<ChangeConsumer>, ConsumerWorker> workers = new ConcurrentHashMap<>();
    private volatile ConsumerWorker eventPublisher;

    @Activate
    public ChangeConsumers(@Reference ChangeLog log) {
        // this bundle's own log (DS injects references before the dynamic ones are bound): workers read
        // slices and offsets from it
        this.log = (ChangeLogImpl) log;
        this.log.onCommitted(this::wakeAll);
    }

    @Deactivate
    void deactivate() {
        log.onCommitted(null);
        workers.values().forEach(ConsumerWorker::stop);
        workers.clear();
        ConsumerWorker events = eventPublisher;
        eventPublisher = null;
        if (events != null) {
            events.stop();
        }
    }

    private void wakeAll() {
        workers.values().forEach(ConsumerWorker::wake);
        ConsumerWorker events = eventPublisher;
        if (events != null) {
            events.wake();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addConsumer(ServiceReference<ChangeConsumer> ref, ChangeConsumer consumer) {
        Object name = ref.getProperty(ChangeConsumer.NAME);
        if (name == null) {
            LOG.error("A ChangeConsumer without the {} property is ignored: {}", ChangeConsumer.NAME, ref);
            return;
        }
        ConsumerWorker w = new ConsumerWorker(log, String.valueOf(name), ChangeLogImpl.topics(ref.getProperty(ChangeConsumer.TOPICS)),
                () -> consumer::acceptAll, true);
        workers.put(ref, w);
        w.start();
    }

    void removeConsumer(ServiceReference<ChangeConsumer> ref) {
        ConsumerWorker w = workers.remove(ref);
        if (w != null) {
            w.stop();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin events) {
        // Events are live notifications: they start at the current end of the log, not at its beginning.
        ConsumerWorker w = new ConsumerWorker(log, EVENT_PUBLISHER, List.of(),
                () -> changes -> changes.forEach(change -> events.postEvent(toEvent(change))), false);
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
}
