package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.platform.errors.ForbiddenException;
import io.rapport.platform.errors.StaleVersionException;
import io.rapport.companies.api.CompaniesService;
import io.rapport.companies.api.Company;
import io.rapport.companies.api.CompanyData;
import io.rapport.notes.api.Note;
import io.rapport.notes.api.NotesEvents;
import io.rapport.notes.api.NotesService;
import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.people.api.PersonData;
import io.rapport.platform.api.Caller;
import io.rapport.platform.api.ChangeEvents;
import io.rapport.platform.api.Page;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.ProfileSection;

/** Notes over real HTTP and through the service, in a real framework on real Derby. */
public class NotesIT {
    private static final Caller AGENT = new Caller("tok_it_agent", "IT agent", "agent");
    private static final Caller OTHER_AGENT = new Caller("tok_it_other", "IT other", "agent");
    private static final Caller ADMIN = new Caller("tok_it_admin", "IT admin", "admin");

    @InjectService(timeout = 20000)
    NotesService notes;

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
                new java.util.Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, NotesEvents.ALL)));
        api = TagsNotesApi.connect();
        api.await("/api/v1/notes/note_none", 404, "No note with id");
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
        d.name = name + " " + unique();
        return companies.create(d, "tester");
    }

    private static String body(String text) {
        return "{\"body\":" + TagsNotesApi.quote(text) + "}";
    }

    private Event eventFor(String topic, String noteId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Event e = events.poll(200, TimeUnit.MILLISECONDS);
            if (e != null && e.getTopic().equals(topic) && noteId.equals(e.getProperty(NotesEvents.NOTE_ID))) {
                return e;
            }
        }
        throw new AssertionError("No " + topic + " for " + noteId);
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

    private <T> T awaitService(Class<T> type, String filter) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            var refs = context.getServiceReferences(type, filter);
            T service = refs.isEmpty() ? null : context.getService(refs.iterator().next());
            if (service != null) {
                return service;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("No " + type.getName() + " " + filter + " within 20 s");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void notesAreAddedListedReadEditedAndDeletedOverHttp() throws Exception {
        Person p = person("Noted");
        TagsNotesApi.Answer created = api.call("POST", "/api/v1/people/" + p.id + "/notes", body("Called about the invoice.\nAll good.")).expect(201);
        Map<String, Object> note = created.object();
        String id = (String) note.get("id");
        assertTrue(id.startsWith("note_"), id);
        assertEquals("person", note.get("model"));
        assertEquals(p.id, note.get("subject_id"));
        assertEquals("Called about the invoice.\nAll good.", note.get("body"));
        @SuppressWarnings("unchecked")
        Map<String, Object> author = (Map<String, Object>) note.get("author");
        assertNotNull(author.get("token_id"));
        assertNotNull(author.get("name"));
        assertNotNull(note.get("created_at"));
        assertTrue(note.containsKey("edited_at"));
        assertNull(note.get("edited_at"));
        assertTrue(created.header("Location").endsWith("/api/v1/notes/" + id), created.header("Location"));
        String etag = created.header("ETag");
        assertNotNull(etag);

        Event added = eventFor(NotesEvents.ADDED, id);
        assertEquals("person", added.getProperty(ChangeEvents.MODEL));
        assertEquals(p.id, added.getProperty(ChangeEvents.ID));
        assertEquals("Called about the invoice.\nAll good.", added.getProperty(NotesEvents.EXCERPT));
        assertEquals(author.get("name"), added.getProperty(NotesEvents.AUTHOR_NAME));

        TagsNotesApi.Answer read = api.call("GET", "/api/v1/notes/" + id, null).expect(200);
        assertEquals(note, read.object());
        assertEquals(etag, read.header("ETag"));

        TagsNotesApi.Answer edited = api.call("PATCH", "/api/v1/notes/" + id, body("Called about the invoice. Paid."),
                api.http.adminToken, etag).expect(200);
        assertEquals("Called about the invoice. Paid.", edited.object().get("body"));
        assertNotNull(edited.object().get("edited_at"));
        assertEquals(note.get("created_at"), edited.object().get("created_at"));
        assertFalse(etag.equals(edited.header("ETag")));
        assertEquals("Called about the invoice. Paid.", eventFor(NotesEvents.EDITED, id).getProperty(NotesEvents.EXCERPT));

        // a stale ETag is a 412, on edit and delete
        api.call("PATCH", "/api/v1/notes/" + id, body("Stale"), api.http.adminToken, etag).expect(412);
        api.call("DELETE", "/api/v1/notes/" + id, null, api.http.adminToken, etag).expect(412);

        api.call("DELETE", "/api/v1/notes/" + id, null, api.http.adminToken, edited.header("ETag")).expect(204);
        Event deleted = eventFor(NotesEvents.DELETED, id);
        assertEquals(p.id, deleted.getProperty(ChangeEvents.ID));
        api.call("GET", "/api/v1/notes/" + id, null).expect(404);
        api.call("PATCH", "/api/v1/notes/" + id, body("Gone")).expect(404);
        api.call("DELETE", "/api/v1/notes/" + id, null).expect(404);
    }

    @Test
    void listsAreNewestFirstAndPaged() throws Exception {
        Person p = person("Many notes");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add((String) api.call("POST", "/api/v1/people/" + p.id + "/notes", body("Note " + i)).expect(201).object().get("id"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            TagsNotesApi.Answer page = api.call("GET", "/api/v1/people/" + p.id + "/notes?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null)
                    .expect(200);
            assertTrue(page.data().size() <= 2);
            page.data().forEach(n -> seen.add((String) n.get("id")));
            cursor = (String) page.object().get("next_cursor");
            pages++;
        } while (cursor != null && pages < 10);
        Collections.reverse(ids);
        assertEquals(ids, seen, "newest first, each once");
        assertEquals(3, pages);
        assertEquals(5L, notes.count("person", p.id));

        // another profile's notes stay apart
        Person other = person("No notes");
        assertEquals(List.of(), api.call("GET", "/api/v1/people/" + other.id + "/notes", null).expect(200).data());
        assertEquals(List.of("limit"), api.call("GET", "/api/v1/people/" + p.id + "/notes?limit=500", null).expect(400).errorFields());
        assertEquals(List.of("cursor"), api.call("GET", "/api/v1/people/" + p.id + "/notes?cursor=%21%21", null).expect(400).errorFields());
        api.call("GET", "/api/v1/people/per_unknown/notes", null).expect(404);
    }

    @Test
    void companiesHaveNotesToo() throws Exception {
        Company c = company("Noted Co");
        String id = (String) api.call("POST", "/api/v1/companies/" + c.id + "/notes", body("Renewal in March.")).expect(201).object().get("id");
        TagsNotesApi.Answer list = api.call("GET", "/api/v1/companies/" + c.id + "/notes", null).expect(200);
        assertEquals(List.of(id), list.data().stream().map(n -> n.get("id")).collect(Collectors.toList()));
        assertEquals("company", list.data().get(0).get("model"));
        assertEquals("company", eventFor(NotesEvents.ADDED, id).getProperty(ChangeEvents.MODEL));
        api.call("POST", "/api/v1/companies/com_unknown/notes", body("Nobody")).expect(404);
        // a person's id is not a company's
        api.call("POST", "/api/v1/companies/" + person("Not a company").id + "/notes", body("Wrong")).expect(404);
    }

    @Test
    void bodiesAreCheckedAndKeptExactly() throws Exception {
        Person p = person("Body checks");
        String path = "/api/v1/people/" + p.id + "/notes";
        assertEquals(List.of("body"), api.call("POST", path, "{}").expect(400).errorFields());
        assertEquals(List.of("body"), api.call("POST", path, "{\"body\":null}").expect(400).errorFields());
        assertEquals(List.of("body"), api.call("POST", path, body("  \n ")).expect(400).errorFields());
        assertEquals(List.of("body"), api.call("POST", path, "{\"body\":42}").expect(400).errorFields());
        assertEquals(List.of("title"), api.call("POST", path, "{\"body\":\"x\",\"title\":\"t\"}").expect(400).errorFields());
        assertEquals(List.of("author"), api.call("POST", path, "{\"body\":\"x\",\"author\":{}}").expect(400).errorFields());
        TagsNotesApi.Answer tooLong = api.call("POST", path, body("x".repeat(65537))).expect(400);
        assertEquals(List.of("body"), tooLong.errorFields());
        api.call("POST", "/api/v1/people/per_unknown/notes", body("Nobody")).expect(404);

        // the longest body, with characters outside the BMP counted as one, is stored and read back exactly
        String longest = "\uD83D\uDE00".repeat(10) + "é".repeat(100) + "x".repeat(65536 - 110);
        TagsNotesApi.Answer stored = api.call("POST", path, body(longest)).expect(201);
        String id = (String) stored.object().get("id");
        assertEquals(longest, api.call("GET", "/api/v1/notes/" + id, null).expect(200).object().get("body"));
        assertEquals(longest, notes.get(id).orElseThrow().body);
        String excerpt = (String) eventFor(NotesEvents.ADDED, id).getProperty(NotesEvents.EXCERPT);
        assertEquals(200, excerpt.codePointCount(0, excerpt.length()));
        assertTrue(longest.startsWith(excerpt));

        // an edit is checked the same way; a patch without body changes nothing
        assertEquals(List.of("body"), api.call("PATCH", "/api/v1/notes/" + id, body("y".repeat(65537))).expect(400).errorFields());
        assertEquals(List.of("body"), api.call("PATCH", "/api/v1/notes/" + id, body("")).expect(400).errorFields());
        assertEquals(List.of("created_at"), api.call("PATCH", "/api/v1/notes/" + id, "{\"created_at\":\"x\"}").expect(400).errorFields());
        TagsNotesApi.Answer unchanged = api.call("PATCH", "/api/v1/notes/" + id, "{}").expect(200);
        assertNull(unchanged.object().get("edited_at"));
        assertEquals(stored.header("ETag"), unchanged.header("ETag"));
    }

    @Test
    void onlyTheAuthorOrAnAdminEditsOrDeletes() throws Exception {
        String u = unique();
        Map<String, Object> alice = api.newToken("alice-" + u, "agent");
        Map<String, Object> bob = api.newToken("bob-" + u, "agent");
        String aliceToken = (String) alice.get("token"), bobToken = (String) bob.get("token");
        Person p = person("Shared");

        TagsNotesApi.Answer created = api.call("POST", "/api/v1/people/" + p.id + "/notes", body("Alice's note"), aliceToken, null).expect(201);
        String id = (String) created.object().get("id");
        assertEquals(Map.of("token_id", alice.get("id"), "name", "alice-" + u), created.object().get("author"));

        // bob may read it, not change it
        api.call("GET", "/api/v1/notes/" + id, null, bobToken, null).expect(200);
        TagsNotesApi.Answer forbidden = api.call("PATCH", "/api/v1/notes/" + id, body("Bob was here"), bobToken, null).expect(403);
        assertTrue(forbidden.body().contains("alice-" + u), forbidden.body());
        api.call("DELETE", "/api/v1/notes/" + id, null, bobToken, null).expect(403);
        assertEquals("Alice's note", notes.get(id).orElseThrow().body);

        // the author may
        TagsNotesApi.Answer byAlice = api.call("PATCH", "/api/v1/notes/" + id, body("Alice's note, edited"), aliceToken, null).expect(200);
        assertNotNull(byAlice.object().get("edited_at"));
        Event edited = eventFor(NotesEvents.EDITED, id);
        assertEquals("alice-" + u, edited.getProperty(ChangeEvents.ACTOR));
        assertEquals("alice-" + u, edited.getProperty(NotesEvents.AUTHOR_NAME));

        // an admin may too; the note keeps its author
        TagsNotesApi.Answer byAdmin = api.call("PATCH", "/api/v1/notes/" + id, body("Moderated"), api.http.adminToken, null).expect(200);
        assertEquals(Map.of("token_id", alice.get("id"), "name", "alice-" + u), byAdmin.object().get("author"));

        // a second note: deleted by its author
        String second = (String) api.call("POST", "/api/v1/people/" + p.id + "/notes", body("Second"), aliceToken, null).expect(201)
                .object().get("id");
        api.call("DELETE", "/api/v1/notes/" + second, null, bobToken, null).expect(403);
        api.call("DELETE", "/api/v1/notes/" + second, null, aliceToken, null).expect(204);
        // and the first by an admin
        api.call("DELETE", "/api/v1/notes/" + id, null, api.http.adminToken, null).expect(204);
        assertEquals(0L, notes.count("person", p.id));

        // the same rule through the service
        Note n = notes.create("person", p.id, "Service note", AGENT);
        assertThrows(ForbiddenException.class, () -> notes.edit(n.id, "No", null, OTHER_AGENT));
        assertThrows(ForbiddenException.class, () -> notes.delete(n.id, null, OTHER_AGENT));
        assertEquals("Yes", notes.edit(n.id, "Yes", null, AGENT).body);
        assertThrows(StaleVersionException.class, () -> notes.edit(n.id, "Old", n.version(), AGENT));
        notes.delete(n.id, null, ADMIN);
        assertTrue(notes.get(n.id).isEmpty());
    }

    @Test
    void theProfileSectionHasTheNewestTwentyAndTheTotal() throws Exception {
        Person p = person("Sectioned");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            ids.add(notes.create("person", p.id, "Note " + i, AGENT).id);
        }
        ProfileSection section = awaitService(ProfileSection.class,
                "(&(" + ProfileSection.NAME + "=notes)(" + ProfileSection.MODELS + "=person))");
        awaitService(ProfileSection.class, "(&(" + ProfileSection.NAME + "=notes)(" + ProfileSection.MODELS + "=company))");
        @SuppressWarnings("unchecked")
        Map<String, Object> read = (Map<String, Object>) section.read("person", p.id);
        assertEquals(22L, ((Number) read.get("total")).longValue());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> data = (List<Map<String, Object>>) read.get("data");
        Collections.reverse(ids);
        assertEquals(ids.subList(0, 20), data.stream().map(n -> n.get("id")).collect(Collectors.toList()));
        assertEquals("Note 21", data.get(0).get("body"));
        assertEquals(Map.of("token_id", AGENT.tokenId, "name", AGENT.name), data.get(0).get("author"));

        @SuppressWarnings("unchecked")
        Map<String, Object> empty = (Map<String, Object>) section.read("company", company("Quiet").id);
        assertEquals(0L, ((Number) empty.get("total")).longValue());
        assertEquals(List.of(), empty.get("data"));
    }

    @Test
    void deletingAPersonRemovesItsNotesEvenWhileNotesWereStopped() throws Exception {
        Person live = person("Deleted live");
        Person whileStopped = person("Deleted while stopped");
        Company company = company("Deleted co");
        Person kept = person("Kept");
        notes.create("person", live.id, "One", AGENT);
        notes.create("person", live.id, "Two", AGENT);
        notes.create("person", whileStopped.id, "Three", AGENT);
        notes.create("company", company.id, "Four", AGENT);
        String keptNote = notes.create("person", kept.id, "Five", AGENT).id;

        people.delete(live.id, null, "tester");
        companies.delete(company.id, null, "tester");
        await("the deleted person's and company's notes are gone",
                () -> notes.count("person", live.id) == 0 && notes.count("company", company.id) == 0);

        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.notes")) {
            api.await("/api/v1/notes/" + keptNote, 404, "There is no resource");
            people.delete(whileStopped.id, null, "tester");
        }
        NotesService restarted = awaitService(NotesService.class, null);
        await("the person deleted while notes were stopped loses its notes", () -> restarted.count("person", whileStopped.id) == 0);
        assertEquals(1L, restarted.count("person", kept.id), "other notes are untouched");
        api.http.await("/api/v1/notes/" + keptNote, 200, false);
    }

    @Test
    void withoutThePeopleBundleAddingANoteIs503AndReadingWorks() throws Exception {
        Person p = person("Absent owner");
        String id = notes.create("person", p.id, "Before", AGENT).id;
        Company c = company("Present");
        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.people")) {
            await("the people service is gone", () -> context.getServiceReference(PeopleService.class) == null);
            TagsNotesApi.Answer absent = api.call("POST", "/api/v1/people/" + p.id + "/notes", body("During")).expect(503);
            assertTrue(absent.body().contains("io.rapport.people"), absent.body());
            assertEquals(List.of(id), api.call("GET", "/api/v1/people/" + p.id + "/notes", null).expect(200).data().stream()
                    .map(n -> n.get("id")).collect(Collectors.toList()));
            api.call("PATCH", "/api/v1/notes/" + id, body("During, edited")).expect(200);
            api.call("POST", "/api/v1/companies/" + c.id + "/notes", body("Companies still work")).expect(201);
        }
        await("the people service is back", () -> context.getServiceReference(PeopleService.class) != null);
        api.http.await("/api/v1/people/" + p.id, 200, false);
        Page<Note> page = notes.list("person", p.id, null, 10);
        assertEquals("During, edited", page.data.get(0).body);
    }
}
