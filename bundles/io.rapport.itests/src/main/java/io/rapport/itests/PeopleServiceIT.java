package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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

import io.rapport.platform.errors.NotFoundException;
import io.rapport.platform.api.Problem;
import io.rapport.people.api.Location;
import io.rapport.people.api.PeopleEvents;
import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.people.api.PersonData;
import io.rapport.platform.api.ChangeEvents;
import io.rapport.platform.api.Page;
import io.rapport.platform.errors.DomainException;

/** The people service in a real framework on real Derby, with its events through the real Event Admin. */
public class PeopleServiceIT {
    @InjectService(timeout = 20000)
    PeopleService people;

    @InjectBundleContext
    BundleContext context;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private ServiceRegistration<EventHandler> handler;

    @BeforeEach
    void listen() {
        handler = context.registerService(EventHandler.class, events::add,
                new java.util.Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, PeopleEvents.ALL)));
    }

    @AfterEach
    void stopListening() {
        handler.unregister();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static PersonData person(String name, String... emails) {
        PersonData d = new PersonData();
        d.name = name;
        d.emails = List.of(emails);
        return d;
    }

    private Event nextEvent(String topic, String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Event e = events.poll(500, TimeUnit.MILLISECONDS);
            if (e != null && e.getTopic().equals(topic) && id.equals(e.getProperty(ChangeEvents.ID))) {
                return e;
            }
        }
        throw new AssertionError("No " + topic + " event for " + id);
    }

    @Test
    void createNormalisesAndPublishes() throws Exception {
        String u = unique();
        PersonData d = person("  Ada Lovelace ", "ADA." + u + "@Example.COM", "ada." + u + "@example.com");
        d.phones = List.of("+44 20 7946 0958");
        d.location = new Location("London", null, "GB");
        Person p = people.create(d, "tester");

        assertTrue(p.id.startsWith("per_"));
        assertEquals("Ada Lovelace", p.name);
        assertEquals(List.of("ada." + u + "@example.com"), p.emails, "lower-cased and de-duplicated");
        assertEquals(p.createdAt, p.updatedAt);
        Person read = people.get(p.id).orElseThrow();
        assertEquals(p.emails, read.emails);
        assertEquals("London", read.location.city);
        assertEquals(Location.MANUAL, read.location.source, "written, not resolved from an address");

        Event created = nextEvent(PeopleEvents.CREATED, p.id);
        assertEquals("tester", created.getProperty(ChangeEvents.ACTOR));
        assertNotNull(created.getProperty(ChangeEvents.ENTITY));
    }

    @Test
    void patchRecordsOldAndNewValues() throws Exception {
        String u = unique();
        Person p = people.create(person("Grace", "grace." + u + "@example.com"), "tester");
        Person patched = people.patch(p.id, Map.of("name", "Grace Hopper", "location", Map.of("country", "US")), p.version(), "agent-1");
        assertEquals("Grace Hopper", patched.name);
        assertEquals("US", patched.location.country);
        assertTrue(patched.version() > p.version());

        Event updated = nextEvent(PeopleEvents.UPDATED, p.id);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> changes = (Map<String, Map<String, Object>>) updated.getProperty(ChangeEvents.CHANGES);
        assertEquals("Grace", changes.get("name").get("old"));
        assertEquals("Grace Hopper", changes.get("name").get("new"));
        assertNull(changes.get("location.country").get("old"));
        assertEquals("manual", changes.get("location.source").get("new"), "a place written by someone is theirs");
        assertEquals(Set.of("name", "location.country", "location.source"), changes.keySet());

        DomainException stale = assertThrows(DomainException.class,
                () -> people.patch(p.id, Map.of("name", "x"), p.version(), "agent-1"));
        assertEquals(412, Problem.statusOf(stale));
    }

    @Test
    void emailsAreUniqueAcrossPeople() {
        String u = unique();
        Person first = people.create(person("One", "one." + u + "@example.com"), "tester");
        DomainException conflict = assertThrows(DomainException.class,
                () -> people.create(person("Two", "ONE." + u + "@example.com"), "tester"));
        assertEquals(409, Problem.statusOf(conflict));
        assertTrue(conflict.detail.contains(first.id), conflict.detail);
        assertEquals("emails", conflict.errors.get(0).field);
    }

    @Test
    void reorderingEmailsKeepsThem() {
        String u = unique();
        Person p = people.create(person("Swap", "a." + u + "@example.com", "b." + u + "@example.com"), "tester");
        Person swapped = people.patch(p.id, Map.of("emails", List.of("b." + u + "@example.com", "a." + u + "@example.com")), null, "tester");
        assertEquals(List.of("b." + u + "@example.com", "a." + u + "@example.com"), swapped.emails);
        assertEquals(swapped.emails, people.get(p.id).orElseThrow().emails);
    }

    @Test
    void anEmailIsFreeAgainOnceItsPersonIsGoneOrLetsItGo() {
        String email = "reused." + unique() + "@example.com";
        Person first = people.create(person("First", email), "tester");
        people.delete(first.id, null, "tester");
        Person second = people.create(person("Second", email), "tester");
        assertEquals(List.of(email), people.get(second.id).orElseThrow().emails);
        people.patch(second.id, Map.of("emails", List.of()), null, "tester");
        Person third = people.create(person("Third", email), "tester");
        assertEquals(third.id, people.findByEmail(email).orElseThrow().id);
        assertEquals(List.of(), people.get(second.id).orElseThrow().emails);
    }

    @Test
    void concurrentPatchesWithoutIfMatchAllLand() throws Exception {
        Person p = people.create(person("Busy", "busy." + unique() + "@example.com"), "tester");
        int threads = 4, each = 10;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    people.patch(p.id, Map.of("name", "Busy " + thread + "." + i), null, "tester");
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS); // a lost race must be retried, never thrown
        }
        pool.shutdown();
        assertEquals(threads * each, people.get(p.id).orElseThrow().version() - p.version(), "every patch is a version");
    }

    @Test
    void invalidValuesNameTheirFields() {
        PersonData d = person("Bad", "not-an-email");
        d.phones = List.of("call me");
        d.avatarUrl = "ftp://example.com/a.png";
        DomainException e = assertThrows(DomainException.class, () -> people.create(d, "tester"));
        assertEquals(400, Problem.statusOf(e));
        Set<String> fields = new HashSet<>();
        e.errors.forEach(f -> fields.add(f.field));
        assertEquals(Set.of("emails[0]", "phones[0]", "avatar_url"), fields);
    }

    @Test
    void upsertByExternalIdCreatesThenReplaces() throws Exception {
        String x = "crm-" + unique();
        PeopleService.Upsert first = people.upsertByExternalId(x, person("First"), "tester");
        assertTrue(first.created);
        PeopleService.Upsert second = people.upsertByExternalId(x, person("Second"), "tester");
        assertEquals(false, second.created);
        assertEquals(first.person.id, second.person.id);
        assertEquals("Second", people.get(first.person.id).orElseThrow().name);
        assertEquals(1, people.list(null, x, null, 10).data.size());
    }

    @Test
    void deletePublishesAndForgets() throws Exception {
        Person p = people.create(person("Gone", "gone." + unique() + "@example.com"), "tester");
        people.delete(p.id, p.version(), "tester");
        assertTrue(people.get(p.id).isEmpty());
        nextEvent(PeopleEvents.DELETED, p.id);
        assertThrows(NotFoundException.class, () -> people.delete(p.id, null, "tester"));
    }

    @Test
    void pagingIsStableWhileOthersInsert() {
        String u = unique();
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            mine.add(people.create(person("Pager " + i, "pager" + i + "." + u + "@example.com"), "tester").id);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Person> page = people.list(null, null, cursor, 3);
            page.data.forEach(p -> seen.add(p.id));
            // someone else writes between pages: new rows are newer than the cursor and never show up
            people.create(person("Intruder " + pages, "intruder" + pages + "." + u + "@example.com"), "tester");
            cursor = page.nextCursor;
            pages++;
        } while (cursor != null && pages < 1000);
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no row seen twice");
        assertTrue(seen.containsAll(mine), "every row present when paging began is seen");
        for (String id : seen) {
            assertTrue(people.get(id).isPresent());
        }
        List<String> mineInOrder = new ArrayList<>(seen);
        mineInOrder.retainAll(mine);
        List<String> expected = new ArrayList<>(mine);
        Collections.reverse(expected);
        assertEquals(expected, mineInOrder, "newest first");
    }
}
