package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.people.api.PersonData;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.Page;
import io.rapport.timeline.api.Timeline;
import io.rapport.timeline.api.TimelineEntry;

/** Timelines built from the durable change log, custom events, and catching up after a stop. */
public class TimelineIT {
    @InjectService(timeout = 20000)
    PeopleService people;

    @InjectService(timeout = 20000)
    Timeline timeline;

    @InjectBundleContext
    BundleContext context;

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private Person newPerson(String name) {
        PersonData d = new PersonData();
        d.name = name;
        d.emails = List.of(name.toLowerCase().replace(' ', '.') + "." + unique() + "@example.com");
        return people.create(d, "tester");
    }

    /** Polls the timeline (it is written asynchronously from the change log) until it satisfies {@code done}. */
    private List<TimelineEntry> await(String id, Predicate<List<TimelineEntry>> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        List<TimelineEntry> entries;
        do {
            entries = timeline.entries(Models.PERSON, id, Set.of(), null, 200).data;
            if (done.test(entries)) {
                return entries;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("Timeline of " + id + " not as expected: " + types(entries));
    }

    private static List<String> types(List<TimelineEntry> entries) {
        return entries.stream().map(e -> e.type + (e.data.containsKey("field") ? ":" + e.data.get("field") : "")).collect(Collectors.toList());
    }

    @Test
    void changesBecomeEntriesNewestFirst() throws Exception {
        Person p = newPerson("Tim Line");
        people.patch(p.id, Map.of("name", "Tim Lines", "phones", List.of("+14155550123")), null, "agent-7");
        List<TimelineEntry> entries = await(p.id, e -> e.size() == 3);
        assertEquals(List.of("field_changed:phones", "field_changed:name", "created"), types(entries).subList(0, 3).stream()
                .sorted((a, b) -> a.startsWith("created") ? 1 : b.startsWith("created") ? -1 : b.compareTo(a)).collect(Collectors.toList()));
        TimelineEntry name = entries.stream().filter(e -> "name".equals(e.data.get("field"))).findFirst().orElseThrow();
        assertEquals("Tim Line", name.data.get("old"));
        assertEquals("Tim Lines", name.data.get("new"));
        assertEquals("agent-7", name.actor);
        assertEquals("created", entries.get(entries.size() - 1).type, "oldest last");

        Page<TimelineEntry> onlyCreated = timeline.entries(Models.PERSON, p.id, Set.of("created"), null, 10);
        assertEquals(1, onlyCreated.data.size());
        Page<TimelineEntry> first = timeline.entries(Models.PERSON, p.id, Set.of(), null, 2);
        Page<TimelineEntry> second = timeline.entries(Models.PERSON, p.id, Set.of(), first.nextCursor, 2);
        assertEquals(2, first.data.size());
        assertEquals(1, second.data.size());
        assertEquals(null, second.nextCursor);
    }

    @Test
    void changesMadeWhileTheTimelineWasStoppedArriveWhenItStarts() throws Exception {
        Person p = newPerson("Dur Able");
        await(p.id, e -> e.size() == 1);
        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.timeline")) {
            people.patch(p.id, Map.of("name", "Durable While Stopped"), null, "tester");
        }
        Timeline restarted = waitForTimeline();
        long deadline = System.currentTimeMillis() + 15_000;
        while (restarted.entries(Models.PERSON, p.id, Set.of("field_changed"), null, 10).data.isEmpty()) {
            assertTrue(System.currentTimeMillis() < deadline, "the change made while the timeline was stopped never arrived");
            Thread.sleep(50);
        }
        timeline = restarted;
    }

    private Timeline waitForTimeline() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            var ref = context.getServiceReference(Timeline.class);
            if (ref != null) {
                Timeline t = context.getService(ref);
                if (t != null) {
                    return t;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Timeline did not come back");
    }

    @Test
    void deletingAPersonDeletesItsTimeline() throws Exception {
        Person p = newPerson("Short Lived");
        await(p.id, e -> e.size() == 1);
        timeline.recordEvent(Models.PERSON, p.id, Map.of("name", "visited"), "tester");
        people.delete(p.id, null, "tester");
        await(p.id, List::isEmpty);
    }

    @Test
    void customEventsOverHttpAreDeduplicatedAndBounded() throws Exception {
        Person p = newPerson("Web Visitor");
        Http http = Http.connect();
        String event = "{\"name\":\"visited\",\"occurred_at\":\"2026-11-01T10:00:00Z\",\"metadata\":{\"url\":\"/pricing\"}}";
        HttpResponse<String> first = http.post("/api/v1/people/" + p.id + "/events", event);
        assertEquals(201, first.statusCode(), first.body());
        HttpResponse<String> again = http.post("/api/v1/people/" + p.id + "/events", event);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(1, timeline.entries(Models.PERSON, p.id, Set.of("event"), null, 10).data.size());

        assertEquals(400, http.post("/api/v1/people/" + p.id + "/events", "{\"occurred_at\":\"yesterday\"}").statusCode());
        StringBuilder many = new StringBuilder("{\"name\":\"x\",\"metadata\":{");
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        HttpResponse<String> tooMany = http.post("/api/v1/people/" + p.id + "/events", many.append("}}").toString());
        assertEquals(400, tooMany.statusCode());
        assertTrue(tooMany.body().contains("\"field\":\"metadata\""), tooMany.body());
        HttpResponse<String> nested = http.post("/api/v1/people/" + p.id + "/events", "{\"name\":\"x\",\"metadata\":{\"a\":{\"b\":1}}}");
        assertTrue(nested.body().contains("metadata.a"), nested.body());
        assertEquals(404, http.post("/api/v1/people/per_nobody/events", event).statusCode());

        HttpResponse<String> list = http.get("/api/v1/people/" + p.id + "/timeline?type=event");
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("\"summary\":\"visited\"") && list.body().contains("/pricing"), list.body());
        assertEquals(404, http.get("/api/v1/people/per_nobody/timeline").statusCode());
        // the person resource itself is not shadowed by the timeline's paths
        assertEquals(200, http.get("/api/v1/people/" + p.id).statusCode());
    }
}
