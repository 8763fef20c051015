package io.rapport.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.sse.OutboundSseEvent;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeLog;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;
import io.rapport.platform.json.Json;

/**
 * {@code GET /api/v1/changes/stream}: the durable change log as server-sent events, so that an open
 * dashboard page follows what other agents and the channels change. Each event is one change
 * ({@code event: change}, {@code id:} its sequence number, {@code data:} the change as JSON). A client that
 * reconnects sends {@code Last-Event-ID} and gets every change after it, so nothing is missed; a new one
 * starts with the changes from now (or after {@code ?after=}). One thread follows the log for every
 * client (no thread per connection); a comment every {@link #HEARTBEAT_SECONDS} s keeps idle connections
 * open through proxies and the server's idle timeout. When a plugin's dashboard part comes or goes, every
 * client gets {@code event: extensions}: pages load {@code /api/v1/ui/extensions} again.
 */
@Component(service = ChangeStreamResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("changes")
public class ChangeStreamResource {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeStreamResource.class);
    static final int MAX_CLIENTS = 500;
    static final long POLL_MILLIS = 200;
    static final long HEARTBEAT_SECONDS = 15;
    private static final int BATCH = 500;

    /** One client: where it is in the log, and where to send. */
    private static final class Client {
        final SseEventSink sink;
        final Sse sse;
        volatile long after;

        Client(SseEventSink sink, Sse sse, long after) {
            this.sink = sink;
            this.sse = sse;
            this.after = after;
        }
    }

    private final ChangeLog log;
    private final UiExtensionsResource extensions;
    private volatile long extensionsVersion;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-change-stream");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ChangeStreamResource(@Reference ChangeLog log, @Reference UiExtensionsResource extensions) {
        this.log = log;
        this.extensions = extensions;
        this.extensionsVersion = extensions.version();
        follower.scheduleWithFixedDelay(this::follow, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        follower.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        follower.shutdownNow();
        clients.forEach(c -> c.sink.close());
        clients.clear();
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context SseEventSink sink, @Context Sse sse, @HeaderParam("Last-Event-ID") String lastEventId,
            @QueryParam("after") String after) {
        if (clients.size() >= MAX_CLIENTS) {
            throw new ProblemException(503, "Service unavailable", "The change stream has " + MAX_CLIENTS + " clients; retry later.");
        }
        long from = position(lastEventId != null ? lastEventId : after, lastEventId != null ? "Last-Event-ID" : "after");
        Client client = new Client(sink, sse, from);
        clients.add(client);
        // the stream is open: say so at once (proxies and browsers show nothing until the first bytes)
        send(client, sse.newEventBuilder().comment("rapport changes from " + from).build());
    }

    /**
     * HEAD answers at once, without a body: without it the GET above would run and its stream never end
     * (JAX-RS serves HEAD with the GET method).
     */
    @javax.ws.rs.HEAD
    @Path("stream")
    public javax.ws.rs.core.Response head() {
        return javax.ws.rs.core.Response.ok().type(MediaType.SERVER_SENT_EVENTS).build();
    }

    private long position(String value, String field) {
        if (value == null || value.isBlank()) {
            return log.lastSeq();
        }
        try {
            long seq = Long.parseLong(value.trim());
            if (seq < 0) {
                throw new NumberFormatException();
            }
            // an id from before the database was replaced (restored, reset) is past the log's end: from the end,
            // or the client would miss every change up to its old id
            return Math.min(seq, log.lastSeq());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(field, "must be the id of an event of this stream (a whole number)");
        }
    }

    /** Sends every client the changes after its position (and says when plugins' dashboard parts changed). */
    private void follow() {
        try {
            long v = extensions.version();
            if (v != extensionsVersion) {
                extensionsVersion = v;
                for (Client c : clients) {
                    send(c, c.sse.newEventBuilder().name("extensions").data("{\"version\":" + v + "}").build());
                }
            }
            if (clients.isEmpty()) {
                return;
            }
            // most clients are at the head: read each distinct position once
            Map<Long, List<Change>> read = new LinkedHashMap<>();
            for (Client c : clients) {
                List<Change> changes = read.computeIfAbsent(c.after, a -> log.read(a, BATCH));
                for (Change change : changes) {
                    if (!send(c, event(c.sse, change))) {
                        break;
                    }
                    c.after = change.seq;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("The change stream could not read the change log; it tries again: {}", e.toString());
        }
    }

    private void heartbeat() {
        for (Client c : clients) {
            send(c, c.sse.newEventBuilder().comment("keep-alive").build());
        }
    }

    /** Sends an event; a client that went away is dropped. */
    private boolean send(Client c, OutboundSseEvent event) {
        if (c.sink.isClosed()) {
            clients.remove(c);
            return false;
        }
        try {
            c.sink.send(event).whenComplete((ok, failure) -> {
                if (failure != null) {
                    clients.remove(c);
                    c.sink.close();
                }
            });
            return true;
        } catch (RuntimeException e) {
            clients.remove(c);
            return false;
        }
    }

    private static OutboundSseEvent event(Sse sse, Change change) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seq", change.seq);
        json.put("topic", change.topic);
        json.put("model", change.model);
        json.put("subject_id", change.subjectId);
        json.put("actor", change.actor);
        json.put("occurred_at", change.occurredAt == null ? null : change.occurredAt.toString());
        json.put("data", change.data);
        String data;
        try {
            data = Json.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            data = "{\"seq\":" + change.seq + "}";
        }
        return sse.newEventBuilder().id(Long.toString(change.seq)).name("change").data(data).build();
    }
}
