package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.api.Problem;
import io.rapport.companies.api.CompaniesService;
import io.rapport.companies.api.Company;
import io.rapport.companies.api.CompanyData;
import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.people.api.PersonData;
import io.rapport.platform.api.ChangeEvents;
import io.rapport.platform.api.Page;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.ProfileSection;
import io.rapport.platform.api.SubjectFilter;
import io.rapport.tags.api.Tag;
import io.rapport.tags.api.TagsEvents;
import io.rapport.tags.api.TagsService;

/** Tags over real HTTP and through the service, in a real framework on real Derby. */
public class TagsIT {
    @InjectService(timeout = 20000)
    TagsService tags;

    @InjectService(timeout = 20000)
    PeopleService people;

    @InjectService(timeout = 20000)
    CompaniesService companies;

    @InjectBundleContext
    BundleContext context;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private ServiceRegistration<EventHandler> handler;
    private TagsNotesApi api;

    @BeforeEach
    void setUp() throws Exception {
        handler = context.registerService(EventHandler.class, events::add,
                new java.util.Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, TagsEvents.ALL)));
        api = TagsNotesApi.connect();
        api.http.await("/api/v1/tags?limit=1", 200, false);
    }

    @AfterEach
    void tearDown() {
        handler.unregister();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private Person person(String name) {
        PersonData d = new PersonData();
        d.name = name;
        d.emails = List.of(name.toLowerCase().replace(' ', '.') + "." + unique() + "@example.com");
        return people.create(d, "tester");
    }

    private Company company(String name) {
        CompanyData d = new CompanyData();
        d.name = name;
        return companies.create(d, "tester");
    }

    private Map<String, Object> createTag(String name, String color) throws Exception {
        String json = "{\"name\":" + TagsNotesApi.quote(name) + (color == null ? "" : ",\"color\":\"" + color + "\"") + "}";
        return api.call("POST", "/api/v1/tags", json).expect(201).object();
    }

    private Event eventFor(String topic, String subjectId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Event e = events.poll(200, TimeUnit.MILLISECONDS);
            if (e != null && e.getTopic().equals(topic) && subjectId.equals(e.getProperty(ChangeEvents.ID))) {
                return e;
            }
        }
        throw new AssertionError("No " + topic + " for " + subjectId);
    }

    /**
     * Every tags event received so far and up to a marker made now (a new tag): the change log posts
     * changes in order, so nothing recorded before the marker can come later.
     */
    private List<Event> drain() throws Exception {
        String marker = (String) createTag("marker " + unique(), null).get("id");
        List<Event> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Event e = events.poll(200, TimeUnit.MILLISECONDS);
            if (e == null) {
                continue;
            }
            if (e.getTopic().equals(TagsEvents.CREATED) && marker.equals(e.getProperty(ChangeEvents.ID))) {
                return seen;
            }
            seen.add(e);
        }
        throw new AssertionError("The marker event never came");
    }

    private static List<Event> only(List<Event> events, String topic, String subjectId) {
        return events.stream().filter(e -> e.getTopic().equals(topic) && subjectId.equals(e.getProperty(ChangeEvents.ID)))
                .collect(Collectors.toList());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Not within 20 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    private <T> T awaitService(Class<T> type) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            ServiceReference<T> ref = context.getServiceReference(type);
            T service = ref == null ? null : context.getService(ref);
            if (service != null) {
                return service;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("No " + type.getName() + " within 20 s");
            }
            Thread.sleep(50);
        }
    }

    private <T> T service(Class<T> type, String filter) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            var refs = context.getServiceReferences(type, filter);
            if (!refs.isEmpty()) {
                return context.getService(refs.iterator().next());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("No " + type.getName() + " " + filter + " within 20 s");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void tagsAreCreatedReadPatchedAndDeletedOverHttp() throws Exception {
        String u = unique();
        TagsNotesApi.Answer created = api.call("POST", "/api/v1/tags",
                "{\"name\":\" VIP " + u + " \",\"color\":\"#ff8800\",\"description\":\"Big customers\"}").expect(201);
        Map<String, Object> tag = created.object();
        String id = (String) tag.get("id");
        assertTrue(id.startsWith("tag_"), id);
        assertEquals("VIP " + u, tag.get("name"));
        assertEquals("#FF8800", tag.get("color"));
        assertEquals("Big customers", tag.get("description"));
        assertEquals(0L, tag.get("people_count"));
        assertEquals(0L, tag.get("company_count"));
        assertNotNull(tag.get("created_at"));
        assertEquals(tag.get("created_at"), tag.get("updated_at"));
        assertTrue(created.header("Location").endsWith("/api/v1/tags/" + id), created.header("Location"));
        assertNotNull(created.header("ETag"));

        TagsNotesApi.Answer read = api.call("GET", "/api/v1/tags/" + id, null).expect(200);
        assertEquals("VIP " + u, read.object().get("name"));
        String etag = read.header("ETag");
        assertEquals(created.header("ETag"), etag);

        Event createdEvent = eventFor(TagsEvents.CREATED, id);
        assertNull(createdEvent.getProperty(ChangeEvents.MODEL));
        assertEquals("VIP " + u, ((Map<?, ?>) createdEvent.getProperty(ChangeEvents.ENTITY)).get("name"));

        // names are unique ignoring case: 409 naming the tag that has the name
        TagsNotesApi.Answer duplicate = api.call("POST", "/api/v1/tags", "{\"name\":\"vip " + u.toUpperCase() + "\"}").expect(409);
        assertTrue(duplicate.body().contains(id), duplicate.body());
        assertEquals(List.of("name"), duplicate.errorFields());

        TagsNotesApi.Answer patched = api.call("PATCH", "/api/v1/tags/" + id,
                "{\"name\":\"Very important " + u + "\",\"color\":null}", api.http.adminToken, etag).expect(200);
        assertEquals("Very important " + u, patched.object().get("name"));
        assertNull(patched.object().get("color"));
        assertEquals("Big customers", patched.object().get("description"));
        assertFalse(etag.equals(patched.header("ETag")));
        Event updated = eventFor(TagsEvents.UPDATED, id);
        Map<?, ?> changes = (Map<?, ?>) updated.getProperty(ChangeEvents.CHANGES);
        assertEquals(Set.of("name", "color"), changes.keySet());

        // a stale ETag is a 412; an unknown tag a 404
        api.call("PATCH", "/api/v1/tags/" + id, "{\"description\":\"x\"}", api.http.adminToken, etag).expect(412);
        api.call("DELETE", "/api/v1/tags/" + id, null, api.http.adminToken, etag).expect(412);
        api.call("GET", "/api/v1/tags/tag_unknown", null).expect(404);
        api.call("PATCH", "/api/v1/tags/tag_unknown", "{\"name\":\"x\"}").expect(404);
        api.call("DELETE", "/api/v1/tags/tag_unknown", null).expect(404);

        // renaming onto another tag's name is a 409 too; the case of one's own name may change
        Map<String, Object> other = createTag("Other " + u, null);
        assertTrue(api.call("PATCH", "/api/v1/tags/" + id, "{\"name\":\"other " + u + "\"}").expect(409).body()
                .contains((String) other.get("id")));
        api.call("PATCH", "/api/v1/tags/" + id, "{\"name\":\"VERY IMPORTANT " + u + "\"}").expect(200);

        TagsNotesApi.Answer deleted = api.call("DELETE", "/api/v1/tags/" + id, null, api.http.adminToken,
                api.call("GET", "/api/v1/tags/" + id, null).header("ETag")).expect(200);
        assertEquals(Map.of("id", id, "removed_from", Map.of("people", 0L, "companies", 0L)), deleted.object());
        api.call("GET", "/api/v1/tags/" + id, null).expect(404);
        eventFor(TagsEvents.DELETED, id);
    }

    @Test
    void invalidTagsAre400NamingTheFields() throws Exception {
        String u = unique();
        assertEquals(List.of("name"), api.call("POST", "/api/v1/tags", "{\"color\":\"#123456\"}").expect(400).errorFields());
        assertEquals(List.of("name"), api.call("POST", "/api/v1/tags", "{\"name\":\"   \"}").expect(400).errorFields());
        assertEquals(List.of("name"), api.call("POST", "/api/v1/tags", "{\"name\":\"" + "x".repeat(101) + "\"}").expect(400).errorFields());
        assertEquals(201, api.call("POST", "/api/v1/tags", "{\"name\":\"" + u + "x".repeat(92) + "\"}").status(), "100 characters are fine");
        Set<String> fields = new HashSet<>(api.call("POST", "/api/v1/tags",
                "{\"name\":\"Bad " + u + "\",\"color\":\"red\",\"description\":\"" + "d".repeat(501) + "\",\"size\":3,\"id\":\"tag_x\"}")
                .expect(400).errorFields());
        assertEquals(Set.of("color", "description", "size", "id"), fields);
        assertEquals(List.of("name"), api.call("POST", "/api/v1/tags", "{\"name\":7}").expect(400).errorFields());
        Map<String, Object> t = createTag("Valid " + u, null);
        assertEquals(List.of("name"), api.call("PATCH", "/api/v1/tags/" + t.get("id"), "{\"name\":null}").expect(400).errorFields());
        assertEquals(List.of("color"), api.call("PATCH", "/api/v1/tags/" + t.get("id"), "{\"color\":\"#12345\"}").expect(400).errorFields());
        assertEquals(List.of("people_count"), api.call("PATCH", "/api/v1/tags/" + t.get("id"), "{\"people_count\":3}").expect(400).errorFields());
        assertEquals(List.of("limit"), api.call("GET", "/api/v1/tags?limit=0", null).expect(400).errorFields());
        assertEquals(List.of("cursor"), api.call("GET", "/api/v1/tags?cursor=nonsense", null).expect(400).errorFields());
    }

    @Test
    void theListIsSortedByNameAndPagedWithCounts() throws Exception {
        String u = unique();
        // names sharing a prefix no other test uses, inserted out of order
        List<String> names = List.of("zz" + u + " c", "ZZ" + u + " a", "zz" + u + " B", "zz" + u + " d", "zz" + u + " E");
        Map<String, String> ids = new java.util.HashMap<>();
        for (String n : names) {
            ids.put(n, (String) createTag(n, null).get("id"));
        }
        Person p = person("Counted");
        Company c = company("Counted Co " + u);
        api.call("PUT", "/api/v1/people/" + p.id + "/tags/" + ids.get("zz" + u + " c"), null).expect(204);
        api.call("PUT", "/api/v1/companies/" + c.id + "/tags/" + ids.get("zz" + u + " c"), null).expect(204);
        api.call("PUT", "/api/v1/companies/" + c.id + "/tags/" + ids.get("zz" + u + " d"), null).expect(204);

        List<Map<String, Object>> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            TagsNotesApi.Answer page = api.call("GET", "/api/v1/tags?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null).expect(200);
            assertTrue(page.data().size() <= 2);
            seen.addAll(page.data());
            cursor = (String) page.object().get("next_cursor");
            pages++;
        } while (cursor != null && pages < 10_000);
        List<String> mine = seen.stream().map(t -> (String) t.get("name")).filter(n -> n.toLowerCase().startsWith("zz" + u))
                .collect(Collectors.toList());
        assertEquals(List.of("ZZ" + u + " a", "zz" + u + " B", "zz" + u + " c", "zz" + u + " d", "zz" + u + " E"), mine,
                "sorted by name ignoring case, each once");
        assertEquals(seen.size(), seen.stream().map(t -> t.get("id")).distinct().count(), "no tag seen twice");
        Map<String, Object> cTag = seen.stream().filter(t -> t.get("id").equals(ids.get("zz" + u + " c"))).findFirst().orElseThrow();
        assertEquals(1L, cTag.get("people_count"));
        assertEquals(1L, cTag.get("company_count"));
        Map<String, Object> dTag = seen.stream().filter(t -> t.get("id").equals(ids.get("zz" + u + " d"))).findFirst().orElseThrow();
        assertEquals(0L, dTag.get("people_count"));
        assertEquals(1L, dTag.get("company_count"));
    }

    @Test
    void taggingIsIdempotentAndRecordedOncePerChange() throws Exception {
        String u = unique();
        Map<String, Object> tag = createTag("Linked " + u, "#00AA00");
        String tagId = (String) tag.get("id");
        Person p = person("Tagged");

        api.call("PUT", "/api/v1/people/" + p.id + "/tags/" + tagId, null).expect(204);
        api.call("PUT", "/api/v1/people/" + p.id + "/tags/" + tagId, null).expect(204);
        TagsNotesApi.Answer list = api.call("GET", "/api/v1/people/" + p.id + "/tags", null).expect(200);
        assertEquals(1, list.data().size());
        assertEquals(tagId, list.data().get(0).get("id"));
        assertEquals("#00AA00", list.data().get(0).get("color"));
        assertEquals(1L, list.data().get(0).get("people_count"));
        assertEquals(1L, tags.get(tagId).orElseThrow().peopleCount);

        List<Event> added = only(drain(), TagsEvents.ADDED, p.id);
        assertEquals(1, added.size(), "the second PUT changed nothing");
        assertEquals("person", added.get(0).getProperty(ChangeEvents.MODEL));
        assertEquals(tagId, added.get(0).getProperty(TagsEvents.TAG_ID));
        assertEquals("Linked " + u, added.get(0).getProperty(TagsEvents.TAG_NAME));

        // 404 for an unknown tag or person, on PUT and DELETE alike
        assertTrue(api.call("PUT", "/api/v1/people/" + p.id + "/tags/tag_unknown", null).expect(404).body().contains("tag_unknown"));
        assertTrue(api.call("PUT", "/api/v1/people/per_unknown/tags/" + tagId, null).expect(404).body().contains("per_unknown"));
        api.call("DELETE", "/api/v1/people/" + p.id + "/tags/tag_unknown", null).expect(404);
        api.call("DELETE", "/api/v1/people/per_unknown/tags/" + tagId, null).expect(404);
        api.call("GET", "/api/v1/people/per_unknown/tags", null).expect(404);

        api.call("DELETE", "/api/v1/people/" + p.id + "/tags/" + tagId, null).expect(204);
        api.call("DELETE", "/api/v1/people/" + p.id + "/tags/" + tagId, null).expect(204);
        assertEquals(List.of(), api.call("GET", "/api/v1/people/" + p.id + "/tags", null).expect(200).data());
        assertEquals(1, only(drain(), TagsEvents.REMOVED, p.id).size(), "the second DELETE changed nothing");

        // through the service: the answers say whether anything changed
        assertTrue(tags.add(tagId, "person", p.id, "tester"));
        assertFalse(tags.add(tagId, "person", p.id, "tester"));
        assertTrue(tags.remove(tagId, "person", p.id, "tester"));
        assertFalse(tags.remove(tagId, "person", p.id, "tester"));
        assertThrows(InvalidException.class, () -> tags.add(tagId, "robot", p.id, "tester"));
    }

    @Test
    void companiesAreTaggedTheSameWay() throws Exception {
        String u = unique();
        String tagId = (String) createTag("Partner " + u, null).get("id");
        Company c = company("Acme " + u);
        api.call("PUT", "/api/v1/companies/" + c.id + "/tags/" + tagId, null).expect(204);
        api.call("PUT", "/api/v1/companies/" + c.id + "/tags/" + tagId, null).expect(204);
        assertEquals(List.of(tagId), api.call("GET", "/api/v1/companies/" + c.id + "/tags", null).expect(200).data().stream()
                .map(t -> t.get("id")).collect(Collectors.toList()));
        assertEquals("company", eventFor(TagsEvents.ADDED, c.id).getProperty(ChangeEvents.MODEL));
        api.call("PUT", "/api/v1/companies/com_unknown/tags/" + tagId, null).expect(404);
        api.call("PUT", "/api/v1/companies/" + c.id + "/tags/tag_unknown", null).expect(404);
        // a person's id is not a company's
        Person p = person("Not a company");
        api.call("PUT", "/api/v1/companies/" + p.id + "/tags/" + tagId, null).expect(404);
        api.call("DELETE", "/api/v1/companies/" + c.id + "/tags/" + tagId, null).expect(204);
        assertEquals(0L, tags.get(tagId).orElseThrow().companyCount);
    }

    @Test
    void bulkTagsAndUntagsAllOrNothing() throws Exception {
        String u = unique();
        String tagId = (String) createTag("Bulk " + u, null).get("id");
        Person a = person("Bulk A"), b = person("Bulk B"), c = person("Bulk C");

        TagsNotesApi.Answer first = api.call("POST", "/api/v1/tags/" + tagId + "/people",
                "{\"add\":[\"" + a.id + "\",\"" + b.id + "\",\"" + c.id + "\",\"" + a.id + "\"]}").expect(200);
        assertEquals(Map.of("added", 3L, "removed", 0L), first.object());
        assertEquals(3L, tags.get(tagId).orElseThrow().peopleCount);

        TagsNotesApi.Answer second = api.call("POST", "/api/v1/tags/" + tagId + "/people",
                "{\"add\":[\"" + a.id + "\"],\"remove\":[\"" + b.id + "\"]}").expect(200);
        assertEquals(Map.of("added", 0L, "removed", 1L), second.object(), "only real changes count");

        // one change per real change: a, b, c added once each; b removed once
        List<Event> recorded = drain();
        for (Person p : List.of(a, b, c)) {
            assertEquals(1, only(recorded, TagsEvents.ADDED, p.id).size(), p.name);
        }
        assertEquals(1, only(recorded, TagsEvents.REMOVED, b.id).size());
        assertEquals(0, only(recorded, TagsEvents.REMOVED, a.id).size());

        // unknown ids: a 400 naming each, and nothing changes
        TagsNotesApi.Answer unknown = api.call("POST", "/api/v1/tags/" + tagId + "/people",
                "{\"add\":[\"" + b.id + "\",\"per_nobody1\"],\"remove\":[\"per_nobody2\",\"" + a.id + "\"]}").expect(400);
        assertEquals(List.of("add[1]", "remove[0]"), unknown.errorFields());
        assertTrue(unknown.body().contains("per_nobody1") && unknown.body().contains("per_nobody2"), unknown.body());
        Set<String> tagged = new HashSet<>();
        for (Person p : List.of(a, b, c)) {
            if (!tags.tagsOf("person", p.id).isEmpty()) {
                tagged.add(p.id);
            }
        }
        assertEquals(Set.of(a.id, c.id), tagged, "nothing changed");

        // more than 1000 ids in all is a 400, an unknown tag a 404, a wrong shape a 400
        StringBuilder many = new StringBuilder("{\"add\":[");
        for (int i = 0; i < 600; i++) {
            many.append(i == 0 ? "" : ",").append("\"per_").append(i).append('"');
        }
        many.append("],\"remove\":[");
        for (int i = 0; i < 401; i++) {
            many.append(i == 0 ? "" : ",").append("\"per_r").append(i).append('"');
        }
        many.append("]}");
        assertEquals(List.of("add"), api.call("POST", "/api/v1/tags/" + tagId + "/people", many.toString()).expect(400).errorFields());
        api.call("POST", "/api/v1/tags/tag_unknown/people", "{\"add\":[\"" + a.id + "\"]}").expect(404);
        assertEquals(List.of("add"), api.call("POST", "/api/v1/tags/" + tagId + "/people", "{\"add\":\"" + a.id + "\"}").expect(400).errorFields());
        assertEquals(List.of("others"), api.call("POST", "/api/v1/tags/" + tagId + "/people", "{\"others\":[]}").expect(400).errorFields());
        assertEquals(List.of("remove[0]"), api.call("POST", "/api/v1/tags/" + tagId + "/people",
                "{\"add\":[\"" + a.id + "\"],\"remove\":[\"" + a.id + "\"]}").expect(400).errorFields());

        // companies in bulk
        Company x = company("Bulk X " + u), y = company("Bulk Y " + u);
        assertEquals(Map.of("added", 2L, "removed", 0L), api.call("POST", "/api/v1/tags/" + tagId + "/companies",
                "{\"add\":[\"" + x.id + "\",\"" + y.id + "\"]}").expect(200).object());
        assertEquals(List.of("add[0]"), api.call("POST", "/api/v1/tags/" + tagId + "/companies",
                "{\"add\":[\"" + a.id + "\"]}").expect(400).errorFields());

        // deleting the tag removes it from everyone and says how many
        TagsNotesApi.Answer deleted = api.call("DELETE", "/api/v1/tags/" + tagId, null).expect(200);
        assertEquals(Map.of("id", tagId, "removed_from", Map.of("people", 2L, "companies", 2L)), deleted.object());
        assertEquals(List.of(), tags.tagsOf("person", a.id));
        assertEquals(List.of(), tags.tagsOf("company", x.id));
    }

    @Test
    void aThousandIdsInOneCall() throws Exception {
        String tagId = (String) createTag("Thousand " + unique(), null).get("id");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(person("Many " + i).id);
        }
        // 10 real people, repeated up to 1000 ids: duplicates count once
        StringBuilder json = new StringBuilder("{\"add\":[");
        for (int i = 0; i < 1000; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(ids.get(i % ids.size())).append('"');
        }
        json.append("]}");
        assertEquals(Map.of("added", 10L, "removed", 0L), api.call("POST", "/api/v1/tags/" + tagId + "/people", json.toString())
                .expect(200).object());
        assertEquals(10L, tags.get(tagId).orElseThrow().peopleCount);
    }

    @Test
    void theFilterConditionSelectsTaggedCompaniesThroughKeysetPage() throws Exception {
        String u = unique();
        String tagId = (String) createTag("Filter " + u, null).get("id");
        String otherTag = (String) createTag("Filter other " + u, null).get("id");
        Company in1 = company("In one " + u), in2 = company("In two " + u), out = company("Out " + u);
        tags.add(tagId, "company", in1.id, "tester");
        tags.add(tagId, "company", in2.id, "tester");
        tags.add(otherTag, "company", out.id, "tester");
        // a person carrying the tag under the same id space must not leak into companies
        tags.add(tagId, "person", person("Filter person").id, "tester");

        SubjectFilter filter = service(SubjectFilter.class, "(" + SubjectFilter.PARAMETER + "=tag)");
        SubjectFilter.Condition condition = filter.condition("company", "ID", tagId);
        assertEquals("ID IN (SELECT SUBJECT_ID FROM TAGS_LINK WHERE TAG_ID = ? AND MODEL = ?)", condition.sql);
        assertEquals(List.of(tagId, "company"), condition.parameters);
        DomainException unknown = assertThrows(DomainException.class, () -> filter.condition("person", "ID", "tag_unknown"));
        assertEquals(400, Problem.statusOf(unknown));
        assertEquals("tag", unknown.errors.get(0).field);

        // the companies bundle runs the condition through KeysetPage on COMPANIES_COMPANY
        Page<Company> page = companies.list(null, null, Map.of("tag", tagId), null, 50);
        assertEquals(List.of(in2.id, in1.id), page.data.stream().map(co -> co.id).collect(Collectors.toList()), "newest first");
        TagsNotesApi.Answer overHttp = api.call("GET", "/api/v1/companies?tag=" + tagId + "&limit=1", null).expect(200);
        assertEquals(List.of(in2.id), overHttp.data().stream().map(co -> co.get("id")).collect(Collectors.toList()));
        assertNotNull(overHttp.object().get("next_cursor"));
        assertEquals(List.of("tag"), api.call("GET", "/api/v1/companies?tag=tag_unknown", null).expect(400).errorFields());
    }

    @Test
    void theProfileSectionListsIdNameAndColour() throws Exception {
        String u = unique();
        String b = (String) createTag("b section " + u, "#0000FF").get("id");
        String a = (String) createTag("A section " + u, null).get("id");
        Person p = person("Sectioned");
        tags.add(b, "person", p.id, "tester");
        tags.add(a, "person", p.id, "tester");
        ProfileSection section = service(ProfileSection.class, "(&(" + ProfileSection.NAME + "=tags)(" + ProfileSection.MODELS + "=person))");
        service(ProfileSection.class, "(&(" + ProfileSection.NAME + "=tags)(" + ProfileSection.MODELS + "=company))");
        Map<String, Object> first = new java.util.LinkedHashMap<>();
        first.put("id", a);
        first.put("name", "A section " + u);
        first.put("color", null);
        assertEquals(List.of(first, Map.of("id", b, "name", "b section " + u, "color", "#0000FF")), section.read("person", p.id));
        assertEquals(List.of(), section.read("company", company("Bare " + u).id));
    }

    @Test
    void deletingAPersonRemovesItsTagsEvenWhileTagsWereStopped() throws Exception {
        String u = unique();
        String tagId = (String) createTag("Cascade " + u, null).get("id");
        Person live = person("Deleted live");
        Person whileStopped = person("Deleted while stopped");
        Company company = company("Deleted co " + u);
        tags.add(tagId, "person", live.id, "tester");
        tags.add(tagId, "person", whileStopped.id, "tester");
        tags.add(tagId, "company", company.id, "tester");
        assertEquals(2L, tags.get(tagId).orElseThrow().peopleCount);

        people.delete(live.id, null, "tester");
        companies.delete(company.id, null, "tester");
        await("the deleted person's and company's tags are gone", () -> {
            Tag t = tags.get(tagId).orElseThrow();
            return t.peopleCount == 1 && t.companyCount == 0;
        });

        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.tags")) {
            api.http.await("/api/v1/tags/" + tagId, 404, false);
            people.delete(whileStopped.id, null, "tester");
        }
        TagsService restarted = awaitService(TagsService.class);
        await("the person deleted while tags were stopped loses its tags", () -> restarted.get(tagId).orElseThrow().peopleCount == 0);
        api.http.await("/api/v1/tags/" + tagId, 200, false);
    }

    @Test
    void withoutThePeopleBundleLinkingPeopleIs503AndTheRestWorks() throws Exception {
        String u = unique();
        String tagId = (String) createTag("No people " + u, null).get("id");
        Person p = person("Absent owner");
        tags.add(tagId, "person", p.id, "tester");
        Company c = company("Present " + u);
        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.people")) {
            await("the people service is gone", () -> context.getServiceReference(PeopleService.class) == null);
            TagsNotesApi.Answer absent = api.call("PUT", "/api/v1/people/" + p.id + "/tags/" + tagId, null).expect(503);
            assertTrue(absent.body().contains("io.rapport.people"), absent.body());
            assertEquals("5", absent.response.headers().firstValue("Retry-After").orElse(null), "a 503 says when to try again");
            api.call("DELETE", "/api/v1/people/" + p.id + "/tags/" + tagId, null).expect(503);
            api.call("POST", "/api/v1/tags/" + tagId + "/people", "{\"add\":[\"" + p.id + "\"]}").expect(503);
            // reading our own rows and tagging companies still work
            assertEquals(1, api.call("GET", "/api/v1/people/" + p.id + "/tags", null).expect(200).data().size());
            api.call("PUT", "/api/v1/companies/" + c.id + "/tags/" + tagId, null).expect(204);
            api.call("GET", "/api/v1/tags/" + tagId, null).expect(200);
        }
        awaitService(PeopleService.class);
        api.http.await("/api/v1/people/" + p.id, 200, false);
    }
}
