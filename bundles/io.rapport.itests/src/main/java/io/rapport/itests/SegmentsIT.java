package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;

import io.rapport.itests.TagsNotesApi.Answer;
import io.rapport.segments.api.SegmentsEvents;

/**
 * Segments over real HTTP: CRUD with each status, live counts, members, and enter and leave events on
 * the timeline and Event Admin, against the real search index.
 */
public class SegmentsIT {
    @InjectBundleContext
    BundleContext context;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private ServiceRegistration<EventHandler> handler;
    private TagsNotesApi api;

    @BeforeEach
    void setUp() throws Exception {
        handler = context.registerService(EventHandler.class, events::add,
                new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, SegmentsEvents.ALL)));
        api = TagsNotesApi.connect();
        api.await("/api/v1/segments?limit=1", 200, "data");
    }

    @AfterEach
    void tearDown() {
        handler.unregister();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String q(String s) {
        return TagsNotesApi.quote(s);
    }

    /** A query for people whose name starts with {@code prefix}. */
    private static String nameStartsWith(String prefix) {
        return "{\"field\":\"name\",\"operator\":\"starts_with\",\"value\":" + q(prefix) + "}";
    }

    private Map<String, Object> createSegment(String name, String model, String query) throws Exception {
        return api.call("POST", "/api/v1/segments", "{\"name\":" + q(name) + ",\"model\":\"" + model + "\",\"query\":" + query + "}")
                .expect(201).object();
    }

    private String createPerson(String name) throws Exception {
        return (String) api.call("POST", "/api/v1/people", "{\"name\":" + q(name) + ",\"emails\":[\"" + unique() + "@seg.example.com\"]}")
                .expect(201).object().get("id");
    }

    private void rename(String personId, String name) throws Exception {
        api.call("PATCH", "/api/v1/people/" + personId, "{\"name\":" + q(name) + "}").expect(200);
    }

    private long count(String segmentId) throws Exception {
        Object c = api.call("GET", "/api/v1/segments/" + segmentId, null).expect(200).object().get("count");
        return c == null ? -1 : ((Number) c).longValue();
    }

    private void awaitCount(String segmentId, long expected, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        long c;
        while ((c = count(segmentId)) != expected) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("count of " + segmentId + " is " + c + ", not " + expected + " within " + millis + " ms");
            }
            Thread.sleep(20);
        }
    }

    /** The next event of this topic about this person and segment (others are skipped). */
    private Event awaitEvent(String topic, String personId, String segmentId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Event e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.getTopic().equals(topic) && personId.equals(e.getProperty("id"))
                    && segmentId.equals(e.getProperty(SegmentsEvents.SEGMENT_ID))) {
                return e;
            }
        }
        throw new AssertionError("No " + topic + " for " + personId + " in " + segmentId);
    }

    /** Polls the person's timeline until it has an entry of {@code type} about the segment. */
    private Map<String, Object> awaitEntry(String personId, String type, String segmentId, int expectedCount) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        List<Map<String, Object>> found;
        do {
            found = new ArrayList<>();
            for (Map<String, Object> e : api.call("GET", "/api/v1/people/" + personId + "/timeline?type=" + type, null).expect(200).data()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> data = (Map<String, Object>) e.get("data");
                if (segmentId.equals(data.get("segment_id"))) {
                    found.add(e);
                }
            }
            if (found.size() >= expectedCount) {
                return found.get(0);
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("No " + expectedCount + " " + type + " entries for " + segmentId + " on " + personId + "'s timeline");
    }

    @Test
    void createReadListPatchDeleteWithEachStatus() throws Exception {
        String u = unique();
        Answer created = api.call("POST", "/api/v1/segments",
                "{\"name\":\"Crud " + u + "\",\"model\":\"person\",\"query\":" + nameStartsWith("crud-" + u) + "}").expect(201);
        Map<String, Object> s = created.object();
        String id = (String) s.get("id");
        assertTrue(id.startsWith("seg_"), id);
        assertTrue(created.header("Location").endsWith("/api/v1/segments/" + id), created.header("Location"));
        assertNotNull(created.header("ETag"));
        assertEquals("Crud " + u, s.get("name"));
        assertEquals("person", s.get("model"));
        assertEquals(Map.of("field", "name", "operator", "starts_with", "value", "crud-" + u), s.get("query"));
        assertEquals(0L, s.get("count"));
        assertTrue(s.containsKey("problem") && s.get("problem") == null, "problem is null: " + s);
        assertNotNull(s.get("created_at"));

        // 400: every field at fault; query errors named from "query"
        Answer bad = api.call("POST", "/api/v1/segments", "{\"name\":\" \",\"model\":\"lead\",\"count\":3,\"colour\":\"red\"}").expect(400);
        assertEquals(Set.of("name", "model", "query", "count", "colour"), Set.copyOf(bad.errorFields()));
        Answer unknownField = api.call("POST", "/api/v1/segments",
                "{\"name\":\"Bad " + u + "\",\"model\":\"person\",\"query\":{\"and\":[" + nameStartsWith("x")
                        + ",{\"field\":\"no_such_field\",\"operator\":\"=\",\"value\":\"x\"}]}}").expect(400);
        assertTrue(unknownField.errorFields().stream().allMatch(f -> f.startsWith("query")), unknownField.body());
        assertTrue(unknownField.body().contains("no_such_field"), unknownField.body());
        Answer badOperator = api.call("POST", "/api/v1/segments",
                "{\"name\":\"Bad " + u + "\",\"model\":\"person\",\"query\":{\"field\":\"name\",\"operator\":\"between\",\"value\":\"x\"}}").expect(400);
        assertTrue(badOperator.errorFields().stream().allMatch(f -> f.startsWith("query")), badOperator.body());
        api.call("POST", "/api/v1/segments", "{\"name\":\"Bad " + u + "\",\"model\":\"person\",\"query\":\"name = x\"}").expect(400);

        // 409: the name is taken for the model, ignoring case; the other model may use it
        Answer taken = api.call("POST", "/api/v1/segments",
                "{\"name\":\"CRUD " + u + "\",\"model\":\"person\",\"query\":" + nameStartsWith("y") + "}").expect(409);
        assertEquals(List.of("name"), taken.errorFields());
        assertTrue(taken.body().contains(id), taken.body());
        Map<String, Object> companySegment = createSegment("Crud " + u, "company", nameStartsWith("crud-" + u));
        assertEquals("company", companySegment.get("model"));

        // read
        Answer read = api.call("GET", "/api/v1/segments/" + id, null).expect(200);
        assertEquals(id, read.object().get("id"));
        String etag = read.header("ETag");
        api.call("GET", "/api/v1/segments/seg_nosuchsegment00000000", null).expect(404);

        // list: newest first, paged, each with a count; ?model= filters
        Answer first = api.call("GET", "/api/v1/segments?limit=1", null).expect(200);
        assertEquals(1, first.data().size());
        assertEquals(companySegment.get("id"), first.data().get(0).get("id"));
        assertTrue(first.data().get(0).containsKey("count"));
        Answer second = api.call("GET", "/api/v1/segments?limit=1&cursor=" + first.object().get("next_cursor"), null).expect(200);
        assertEquals(id, second.data().get(0).get("id"));
        assertTrue(api.call("GET", "/api/v1/segments?model=person&limit=200", null).expect(200).data().stream()
                .allMatch(x -> "person".equals(x.get("model"))));
        api.call("GET", "/api/v1/segments?limit=0", null).expect(400);
        api.call("GET", "/api/v1/segments?model=lead", null).expect(400);
        api.call("GET", "/api/v1/segments?cursor=garbage!", null).expect(400);

        // patch: name and query; If-Match; model is fixed
        api.call("PATCH", "/api/v1/segments/" + id, "{\"name\":\"Crud renamed " + u + "\"}", api.http.adminToken, "\"999\"").expect(412);
        Answer renamed = api.call("PATCH", "/api/v1/segments/" + id, "{\"name\":\"Crud renamed " + u + "\"}", api.http.adminToken, etag).expect(200);
        assertEquals("Crud renamed " + u, renamed.object().get("name"));
        assertTrue(!etag.equals(renamed.header("ETag")), "the ETag changes");
        api.call("PATCH", "/api/v1/segments/" + id, "{\"name\":\"x\"}", api.http.adminToken, etag).expect(412);
        assertEquals(List.of("model"), api.call("PATCH", "/api/v1/segments/" + id, "{\"model\":\"company\"}").expect(400).errorFields());
        assertEquals(List.of("count"), api.call("PATCH", "/api/v1/segments/" + id, "{\"count\":1}").expect(400).errorFields());
        assertEquals(List.of("name"), api.call("PATCH", "/api/v1/segments/" + id, "{\"name\":null}").expect(400).errorFields());
        assertEquals(List.of("query"), api.call("PATCH", "/api/v1/segments/" + id, "{\"query\":null}").expect(400).errorFields());
        Answer badQuery = api.call("PATCH", "/api/v1/segments/" + id, "{\"query\":{\"field\":\"nope\",\"operator\":\"=\",\"value\":1}}").expect(400);
        assertTrue(badQuery.errorFields().stream().allMatch(f -> f.startsWith("query")), badQuery.body());
        Map<String, Object> other = createSegment("Other " + u, "person", nameStartsWith("other-" + u));
        api.call("PATCH", "/api/v1/segments/" + other.get("id"), "{\"name\":\"crud RENAMED " + u + "\"}").expect(409);
        api.call("PATCH", "/api/v1/segments/seg_nosuchsegment00000000", "{\"name\":\"x\"}").expect(404);
        String person = createPerson("crud2-" + u + " Ada");
        Map<String, Object> requeried = api.call("PATCH", "/api/v1/segments/" + id, "{\"query\":" + nameStartsWith("crud2-" + u) + "}")
                .expect(200).object();
        assertEquals(1L, requeried.get("count"), "the new query's members are counted at once: " + requeried);
        Map<String, Object> members = api.call("GET", "/api/v1/segments/" + id + "/members", null).expect(200).object();
        assertEquals(person, ((List<?>) members.get("data")).stream().map(m -> ((Map<?, ?>) m).get("id")).findFirst().orElse(null));

        // delete
        String current = api.call("GET", "/api/v1/segments/" + id, null).expect(200).header("ETag");
        api.call("DELETE", "/api/v1/segments/" + id, null, api.http.adminToken, "\"999\"").expect(412);
        api.call("DELETE", "/api/v1/segments/" + id, null, api.http.adminToken, current).expect(204);
        api.call("GET", "/api/v1/segments/" + id, null).expect(404);
        api.call("DELETE", "/api/v1/segments/" + id, null).expect(404);
        api.call("GET", "/api/v1/segments/" + id + "/members", null).expect(404);
        api.call("DELETE", "/api/v1/segments/" + other.get("id"), null).expect(204);
        api.call("DELETE", "/api/v1/segments/" + companySegment.get("id"), null).expect(204);
    }

    @Test
    void theCountIsLive() throws Exception {
        String u = unique();
        createPerson("live-" + u + " One");
        String segment = (String) createSegment("Live " + u, "person", nameStartsWith("live-" + u)).get("id");
        assertEquals(1, count(segment));
        String second = createPerson("live-" + u + " Two");
        awaitCount(segment, 2, 1000);
        assertTrue(api.call("GET", "/api/v1/segments?limit=200", null).expect(200).data().stream()
                .anyMatch(s -> segment.equals(s.get("id")) && Long.valueOf(2).equals(s.get("count"))), "the list counts too");
        api.call("DELETE", "/api/v1/people/" + second, null).expect(204);
        awaitCount(segment, 1, 1000);
        api.call("DELETE", "/api/v1/segments/" + segment, null).expect(204);
    }

    @Test
    void aProfileListsTheSegmentsItIsIn() throws Exception {
        String u = unique();
        String person = createPerson("of-" + u + " Ada");
        String in = (String) createSegment("Of " + u + " B", "person", nameStartsWith("of-" + u)).get("id");
        String alsoIn = (String) createSegment("Of " + u + " A", "person", nameStartsWith("of-")).get("id");
        String out = (String) createSegment("Of " + u + " C", "person", nameStartsWith("not-of-" + u)).get("id");
        awaitCount(in, 1, 2000);
        List<Object> ids = api.call("GET", "/api/v1/people/" + person + "/segments", null).expect(200).data().stream()
                .map(s -> s.get("id")).filter(id -> id.equals(in) || id.equals(alsoIn) || id.equals(out)).collect(Collectors.toList());
        assertEquals(List.of(alsoIn, in), ids, "by name, only those the person is in");
        rename(person, "gone-" + u);
        awaitCount(in, 0, 2000);
        assertTrue(api.call("GET", "/api/v1/people/" + person + "/segments", null).expect(200).data().stream()
                .noneMatch(s -> in.equals(s.get("id"))), "left when no longer matching");
        assertTrue(api.call("GET", "/api/v1/companies/" + person + "/segments", null).expect(200).data().isEmpty(), "a person is in no company segment");
        for (String id : List.of(in, alsoIn, out)) {
            api.call("DELETE", "/api/v1/segments/" + id, null).expect(204);
        }
    }

    @Test
    void membersArePagedLikeLists() throws Exception {
        String u = unique();
        Set<String> people = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            people.add(createPerson("paged-" + u + " " + i));
        }
        createPerson("other-" + u);
        String segment = (String) createSegment("Paged " + u, "person", nameStartsWith("paged-" + u)).get("id");
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Answer page = api.call("GET", "/api/v1/segments/" + segment + "/members?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null)
                    .expect(200);
            assertEquals(5L, page.object().get("total"));
            for (Map<String, Object> person : page.data()) {
                assertTrue(((String) person.get("name")).startsWith("paged-" + u), "a person list item: " + person);
                assertTrue(person.containsKey("emails") && person.containsKey("created_at"), "a person list item: " + person);
                assertTrue(seen.add((String) person.get("id")), "no person twice");
            }
            cursor = (String) page.object().get("next_cursor");
            pages++;
        } while (cursor != null);
        assertEquals(people, seen);
        assertEquals(3, pages);
        api.call("GET", "/api/v1/segments/" + segment + "/members?limit=201", null).expect(400);
        api.call("GET", "/api/v1/segments/" + segment + "/members?cursor=garbage!", null).expect(400);
        api.call("DELETE", "/api/v1/segments/" + segment, null).expect(204);
    }

    @Test
    void peopleEnterAndLeaveOnTheirTimelineAndOnEventAdmin() throws Exception {
        String u = unique();
        String name = "VIP " + u;
        String segment = (String) createSegment(name, "person", nameStartsWith("vip-" + u)).get("id");
        String person = createPerson("plain-" + u + " Ada");

        rename(person, "vip-" + u + " Ada");
        Event entered = awaitEvent(SegmentsEvents.ENTERED, person, segment);
        assertEquals("person", entered.getProperty("model"));
        assertEquals(name, entered.getProperty(SegmentsEvents.SEGMENT_NAME));
        assertEquals(SegmentsEvents.ACTOR, entered.getProperty("actor"));
        Map<String, Object> entry = awaitEntry(person, "segments_entered", segment, 1);
        assertEquals("Entered segment '" + name + "'", entry.get("summary"));
        assertEquals("segments", entry.get("actor"));

        rename(person, "plain-" + u + " Ada");
        awaitEvent(SegmentsEvents.LEFT, person, segment);
        assertEquals("Left segment '" + name + "'", awaitEntry(person, "segments_left", segment, 1).get("summary"));

        // a person created already matching enters: creation is a change
        String born = createPerson("vip-" + u + " Grace");
        awaitEvent(SegmentsEvents.ENTERED, born, segment);
        awaitEntry(born, "segments_entered", segment, 1);

        // a deleted segment reports nothing more; a twin segment, still there, proves the change was seen
        String twin = (String) createSegment("Twin " + u, "person", nameStartsWith("vip-" + u)).get("id");
        api.call("DELETE", "/api/v1/segments/" + segment, null).expect(204);
        events.clear();
        rename(person, "vip-" + u + " Ada again");
        awaitEvent(SegmentsEvents.ENTERED, person, twin);
        Thread.sleep(300);
        List<Event> late = new ArrayList<>();
        events.drainTo(late);
        assertEquals(List.of(), late.stream().filter(e -> segment.equals(e.getProperty(SegmentsEvents.SEGMENT_ID)))
                .map(Event::getTopic).collect(Collectors.toList()), "no event of the deleted segment");
        assertEquals(1, api.call("GET", "/api/v1/people/" + person + "/timeline?type=segments_entered", null).expect(200).data().stream()
                .filter(e -> segment.equals(((Map<?, ?>) e.get("data")).get("segment_id"))).count());

        // a deleted person leaves silently: the deletion is the event, and its timeline is gone
        api.call("DELETE", "/api/v1/people/" + born, null).expect(204);
        awaitCount(twin, 1, 5000);
        Thread.sleep(300);
        late.clear();
        events.drainTo(late);
        assertTrue(late.stream().noneMatch(e -> born.equals(e.getProperty("id"))), "no LEFT for a deleted person");
        api.call("DELETE", "/api/v1/segments/" + twin, null).expect(204);
    }

    private void awaitCountBack(String segment, long expected) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        long c;
        while ((c = count(segment)) != expected) {
            assertTrue(System.currentTimeMillis() < deadline, "the count never came back: " + c);
            Thread.sleep(100);
        }
    }

    @Test
    void aSegmentsCountIsNullWithTheReasonWhileItsQueryCannotRun() throws Exception {
        String u = unique();
        // a field whose bundle is not running: the segment stays, without a count, and says why
        String tag = "segtag-" + u;
        String tagId = (String) api.call("POST", "/api/v1/tags", "{\"name\":" + q(tag) + "}").expect(201).object().get("id");
        String tagged = createPerson("tagged-" + u);
        api.call("PUT", "/api/v1/people/" + tagged + "/tags/" + tagId, null).expect(204);
        String bySegmentTag = (String) createSegment("Tagged " + u, "person",
                "{\"field\":\"tags\",\"operator\":\"=\",\"value\":" + q(tag) + "}").get("id");
        awaitCount(bySegmentTag, 1, 5000);
        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.tags")) {
            long deadline = System.currentTimeMillis() + 10_000;
            Map<String, Object> s;
            while ((s = api.call("GET", "/api/v1/segments/" + bySegmentTag, null).expect(200).object()).get("count") != null) {
                assertTrue(System.currentTimeMillis() < deadline, "still counted without the tags bundle: " + s);
                Thread.sleep(50);
            }
            assertTrue(String.valueOf(s.get("problem")).contains("io.rapport.tags"), s.toString());
            Answer members = api.call("GET", "/api/v1/segments/" + bySegmentTag + "/members", null).expect(503);
            assertTrue(members.body().contains("io.rapport.tags"), members.body());
        }
        awaitCountBack(bySegmentTag, 1);
        api.call("DELETE", "/api/v1/segments/" + bySegmentTag, null).expect(204);

        // the search bundle gone: definitions stay readable, without counts
        String segment = (String) createSegment("Absent " + u, "person", nameStartsWith("absent-" + u)).get("id");
        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.search")) {
            Map<String, Object> s = api.call("GET", "/api/v1/segments/" + segment, null).expect(200).object();
            assertNull(s.get("count"));
            assertTrue(String.valueOf(s.get("problem")).contains("io.rapport.search"), s.toString());
            assertTrue(api.call("GET", "/api/v1/segments?limit=200", null).expect(200).data().stream()
                    .anyMatch(x -> segment.equals(x.get("id")) && x.get("count") == null && x.get("problem") != null));
            api.call("GET", "/api/v1/segments/" + segment + "/members", null).expect(503);
            api.call("POST", "/api/v1/segments", "{\"name\":\"Later " + u + "\",\"model\":\"person\",\"query\":" + nameStartsWith("x") + "}")
                    .expect(503);
        }
        awaitCountBack(segment, 0);
        api.call("DELETE", "/api/v1/segments/" + segment, null).expect(204);
    }
}
