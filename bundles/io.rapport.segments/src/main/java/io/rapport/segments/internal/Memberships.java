package io.rapport.segments.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.errors.UnavailableException;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.Page;
import io.rapport.platform.errors.DomainException;
import io.rapport.search.api.SearchService;
import io.rapport.segments.api.SegmentsEvents;

/**
 * The current members of every segment, in memory, kept up to date from the search index's change
 * notifications, and the enter and leave transitions they reveal.
 * <p>
 * Each segment's members are a {@link CompactIdSet}, filled with one search when the segment is created,
 * its query changed, or the runtime (or the search bundle) starts: that is no change of any profile, so
 * it reports nothing. After that, for every batch of changed profiles of a model, each segment of that
 * model asks {@link SearchService#matches} about each changed profile and compares with what it
 * remembers: O(segments of the model x changed profiles) per-profile evaluations, never a re-query.
 * <p>
 * All of it runs on one worker thread, in the order things happened: the index's update thread only
 * queues its notification (it must stay quick), sets need no locks, and a change queued while a set is
 * being filled is compared with that set afterwards, so it is reported exactly when it made a
 * difference. Readers see only {@code ready}, {@code size} and {@code problem}.
 */
final class Memberships {
    private static final Logger LOG = LoggerFactory.getLogger(Memberships.class);
    static final String SEARCH_BUNDLE = "io.rapport.search";
    private static final long RETRY_MILLIS = 2000;
    private static final long LOADING_RETRY_MILLIS = 500;
    private static final int LOADING_RETRIES = 60;

    /** An enter or leave of one profile, to record. */
    static final class Transition {
        final String topic;
        final String model;
        final String subjectId;
        final String segmentId;
        final String segmentName;

        Transition(String topic, String model, String subjectId, String segmentId, String segmentName) {
            this.topic = topic;
            this.model = model;
            this.subjectId = subjectId;
            this.segmentId = segmentId;
            this.segmentName = segmentName;
        }

        boolean entered() {
            return SegmentsEvents.ENTERED.equals(topic);
        }

        @Override
        public String toString() {
            return topic + " " + subjectId + " " + segmentId;
        }
    }

    /** Records transitions durably (the change log); called on the worker thread. */
    interface Recorder {
        void record(List<Transition> transitions) throws Exception;
    }

    /** What a read shows: the count, or why there is none. */
    static final class Count {
        final Long count;
        final String problem;

        Count(Long count, String problem) {
            this.count = count;
            this.problem = problem;
        }
    }

    /** One segment's membership. Fields other than the volatile ones belong to the worker thread. */
    static final class Tracked {
        final String id;
        final String model;
        final Object json;
        volatile String name;
        volatile boolean ready;
        volatile int size;
        /** Why the set is not there (the query cannot run now), or null while building or ready. */
        volatile String problem;
        SearchService.Query query;
        CompactIdSet members;

        Tracked(String id, String model, String name, Object json) {
            this.id = id;
            this.model = model;
            this.name = name;
            this.json = json;
        }

        void broken(String why) {
            ready = false;
            members = null;
            query = null;
            size = 0;
            problem = why;
        }
    }

    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker;
    private final Recorder recorder;
    private volatile SearchService search;

    Memberships(Recorder recorder) {
        this.recorder = recorder;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rapport-segments-membership");
            t.setDaemon(true);
            return t;
        });
        // a segment whose query could not run (a field's bundle was stopped) is filled again once it can
        worker.scheduleWithFixedDelay(this::recheck, RETRY_MILLIS, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- what the service tells ----

    void searchAvailable(SearchService s) {
        search = s;
        submit(this::rebuildAll);
    }

    void searchGone(SearchService s) {
        if (search == s) {
            search = null;
            submit(() -> tracked.values().forEach(t -> t.broken(searchNotRunning())));
        }
    }

    /** Starts tracking a segment (at start, without waiting). */
    void load(String id, String model, String name, Object json) {
        Tracked t = new Tracked(id, model, name, json);
        tracked.put(id, t);
        submit(() -> rebuild(t));
    }

    /** Tracks a new or redefined segment, filling its set now (waits up to {@code waitMillis}). */
    void track(String id, String model, String name, Object json, long waitMillis) {
        Tracked t = new Tracked(id, model, name, json);
        tracked.put(id, t);
        await(submit(() -> rebuild(t)), waitMillis);
    }

    void rename(String id, String name) {
        Tracked t = tracked.get(id);
        if (t != null) {
            t.name = name;
        }
    }

    /** Stops tracking: no transition of the segment is recorded after this returns. */
    void forget(String id) {
        tracked.remove(id);
    }

    /** The search index took in changes of these profiles: queue their re-evaluation. */
    void changed(String model, Set<String> subjectIds, long seq) {
        if (subjectIds.isEmpty()) {
            return;
        }
        Set<String> ids = Set.copyOf(subjectIds);
        submit(() -> evaluate(model, ids));
    }

    /**
     * The live count of a segment for reads: its set's size when it is filled, otherwise the search's
     * count; or, when the query cannot run now, why.
     */
    Count count(String id, String model, Object json) {
        SearchService s = search;
        if (s == null) {
            return new Count(null, searchNotRunning());
        }
        Tracked t = tracked.get(id);
        SearchService.Query q;
        try {
            q = s.compile(model, json);
        } catch (DomainException e) {
            if (t != null && t.ready) {
                // the set may miss changes from now on: fill it again once the query runs
                submit(() -> {
                    if (t.ready) {
                        t.broken(e.detail);
                    }
                });
            }
            return new Count(null, e.detail);
        }
        if (t != null && t.ready && t.json.equals(json)) {
            return new Count((long) t.size, null);
        }
        try {
            return new Count(s.count(q), null);
        } catch (DomainException e) {
            return new Count(null, e.detail);
        } catch (RuntimeException e) {
            LOG.warn("Could not count segment {}: {}", id, e.toString(), e);
            return new Count(null, "The search failed to count the segment's members: " + e);
        }
    }

    /**
     * The ids of the segments of {@code model} that {@code subjectId} is in now: from a segment's filled set
     * when it has one, else by the search itself. Segments whose query cannot run now are left out.
     */
    java.util.List<String> segmentsOf(String model, String subjectId) {
        java.util.List<String> in = new java.util.ArrayList<>();
        SearchService s = search;
        for (Tracked t : tracked.values()) {
            if (!t.model.equals(model)) {
                continue;
            }
            CompactIdSet members = t.members;
            if (t.ready && members != null) {
                if (members.contains(subjectId)) {
                    in.add(t.id);
                }
            } else if (s != null) {
                try {
                    if (s.matches(s.compile(model, t.json), subjectId)) {
                        in.add(t.id);
                    }
                } catch (RuntimeException e) {
                    // a segment that cannot run now: not known to hold the subject
                }
            }
        }
        return in;
    }

    /** For tests and diagnostics: whether the segment's set is filled. */
    boolean isReady(String id) {
        Tracked t = tracked.get(id);
        return t != null && t.ready;
    }

    static String searchNotRunning() {
        return "The " + SEARCH_BUNDLE + " bundle, which runs segment queries, is not running.";
    }

    // ---- the worker's tasks ----

    private void rebuildAll() {
        for (Tracked t : tracked.values()) {
            rebuild(t);
        }
    }

    private void rebuild(Tracked t) {
        if (tracked.get(t.id) != t) {
            return; // deleted or redefined meanwhile
        }
        SearchService s = search;
        if (s == null) {
            t.broken(searchNotRunning());
            return;
        }
        long started = System.nanoTime();
        try {
            SearchService.Query q = s.compile(t.model, t.json);
            CompactIdSet members = allMembers(s, t);
            t.query = q;
            t.members = members;
            t.size = members.size();
            t.problem = null;
            t.ready = true;
            LOG.debug("Segment {} filled with {} members in {} ms", t.id, t.size, (System.nanoTime() - started) / 1_000_000);
        } catch (DomainException e) {
            t.broken(e.detail);
        } catch (RuntimeException e) {
            LOG.warn("Could not fill segment {}: {}", t.id, e.toString(), e);
            t.broken("The segment's members could not be read: " + e);
        }
    }

    /**
     * Every profile that matches the segment's query now, paged through the search (the tests' fake
     * search relies on it). At a million members this re-runs the query per page of 200:
     * {@code SearchService.ids} does it in one evaluation and is the next step.
     */
    private static CompactIdSet allMembers(SearchService s, Tracked t) {
        String prefix = (Models.PERSON.equals(t.model) ? "per" : "com") + "_";
        CompactIdSet members = null;
        String cursor = null;
        do {
            Map<String, Object> body = new HashMap<>();
            body.put("query", t.json);
            body.put("limit", Page.MAX_LIMIT);
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            SearchService.SearchPage page = s.search(t.model, body);
            if (members == null) {
                members = new CompactIdSet(prefix, (int) Math.min(Integer.MAX_VALUE, page.total));
            }
            page.ids.forEach(members::add);
            cursor = page.nextCursor;
        } while (cursor != null);
        return members;
    }

    private void evaluate(String model, Set<String> ids) {
        SearchService s = search;
        if (s == null) {
            return;
        }
        List<Transition> transitions = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            if (t.model.equals(model) && t.ready) {
                evaluate(s, t, new ArrayList<>(ids), transitions, 0);
            }
        }
        record(transitions);
    }

    /**
     * Compares each profile's match now with what the segment remembers. While the index is loading a
     * field the query uses (a 503), the rest is tried again shortly rather than given up.
     */
    private void evaluate(SearchService s, Tracked t, List<String> ids, List<Transition> transitions, int attempt) {
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            boolean now;
            try {
                now = s.matches(t.query, id);
            } catch (DomainException e) {
                if (e instanceof UnavailableException && attempt < LOADING_RETRIES) {
                    List<String> rest = new ArrayList<>(ids.subList(i, ids.size()));
                    schedule(() -> {
                        SearchService current = search;
                        if (current == s && tracked.get(t.id) == t && t.ready) {
                            List<Transition> later = new ArrayList<>();
                            evaluate(s, t, rest, later, attempt + 1);
                            record(later);
                        }
                    }, LOADING_RETRY_MILLIS);
                } else {
                    t.broken(e.detail);
                }
                break;
            } catch (RuntimeException e) {
                LOG.warn("Could not evaluate segment {} for {}: {}", t.id, id, e.toString(), e);
                t.broken("The segment's query failed: " + e);
                break;
            }
            if (now && t.members.add(id)) {
                transitions.add(new Transition(SegmentsEvents.ENTERED, t.model, id, t.id, t.name));
            } else if (!now && t.members.remove(id)) {
                transitions.add(new Transition(SegmentsEvents.LEFT, t.model, id, t.id, t.name));
            }
        }
        t.size = t.members == null ? 0 : t.members.size();
    }

    private void record(List<Transition> transitions) {
        // a segment deleted meanwhile reports nothing more
        transitions.removeIf(tr -> !tracked.containsKey(tr.segmentId));
        if (transitions.isEmpty()) {
            return;
        }
        try {
            recorder.record(transitions);
        } catch (Exception e) {
            LOG.error("Could not record {} segment enter/leave events (they are lost): {}", transitions.size(), e.toString(), e);
        }
    }

    private void recheck() {
        SearchService s = search;
        if (s == null) {
            return;
        }
        for (Tracked t : tracked.values()) {
            if (t.ready) {
                // a field that went and came back between two changes may have come back with other values
                try {
                    s.compile(t.model, t.json);
                } catch (DomainException e) {
                    t.broken(e.detail);
                } catch (RuntimeException e) {
                    t.broken("The segment's query failed: " + e);
                }
                continue;
            }
            if (t.problem == null) {
                continue; // being filled
            }
            try {
                s.compile(t.model, t.json);
            } catch (RuntimeException stillBroken) {
                continue;
            }
            rebuild(t);
        }
    }

    private Future<?> submit(Runnable task) {
        try {
            return worker.submit(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Segment membership task failed: {}", e.toString(), e);
                }
            });
        } catch (RejectedExecutionException stopped) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            worker.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Segment membership task failed: {}", e.toString(), e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // closing
        }
    }

    private static void await(Future<?> f, long millis) {
        try {
            f.get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the set is filled later; reads fall back to the search's count meanwhile
        }
    }
}
