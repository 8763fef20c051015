package io.rapport.segments.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.rapport.platform.api.Ids;
import io.rapport.platform.api.Models;

class MembershipsTest {
    private final List<Memberships.Transition> recorded = Collections.synchronizedList(new ArrayList<>());
    private final FakeSearch search = new FakeSearch();
    private Memberships memberships;

    @BeforeEach
    void setUp() {
        memberships = new Memberships(recorded::addAll);
    }

    @AfterEach
    void tearDown() {
        memberships.close();
    }

    private static Map<String, Object> plan(String value) {
        return Map.of("field", "plan", "operator", "=", "value", value);
    }

    private String person(String plan) {
        String id = Ids.newId("per");
        search.plans.put(id, plan);
        return id;
    }

    private List<String> seen() {
        synchronized (recorded) {
            return recorded.stream().map(t -> (t.entered() ? "+" : "-") + t.subjectId + "@" + t.segmentId).collect(Collectors.toList());
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Waits until every task queued so far ran (tasks run in order on one thread). */
    private void settle() {
        memberships.track("seg_marker" + System.nanoTime(), Models.COMPANY, "marker", plan("none"), 10_000);
    }

    @Test
    void startFillsWithoutEventsThenChangesEnterAndLeave() throws Exception {
        String a = person("pro");
        String b = person("free");
        for (int i = 0; i < 450; i++) {
            person("pro"); // more than two search pages
        }
        memberships.load("seg_1", Models.PERSON, "Pro", plan("pro"));
        memberships.searchAvailable(search);
        await("filled", () -> memberships.isReady("seg_1"));
        assertEquals(451L, memberships.count("seg_1", Models.PERSON, plan("pro")).count);
        settle();
        assertEquals(List.of(), seen(), "a start is no change");

        search.plans.put(b, "pro");
        search.plans.put(a, "free");
        memberships.changed(Models.PERSON, Set.of(a, b), 7);
        settle();
        assertEquals(Set.of("+" + b + "@seg_1", "-" + a + "@seg_1"), Set.copyOf(seen()));
        assertEquals(451L, memberships.count("seg_1", Models.PERSON, plan("pro")).count);

        recorded.clear();
        memberships.changed(Models.PERSON, Set.of(a, b), 8); // nothing changed for the segment
        memberships.changed(Models.COMPANY, Set.of(b), 9); // another model
        settle();
        assertEquals(List.of(), seen());

        String c = person("pro"); // created: a change like any other
        memberships.changed(Models.PERSON, Set.of(c), 10);
        settle();
        assertEquals(List.of("+" + c + "@seg_1"), seen());
        assertEquals(452L, memberships.count("seg_1", Models.PERSON, plan("pro")).count);
    }

    @Test
    void aForgottenSegmentReportsNothingMore() throws Exception {
        memberships.searchAvailable(search);
        memberships.track("seg_2", Models.PERSON, "Pro", plan("pro"), 10_000);
        assertTrue(memberships.isReady("seg_2"));
        memberships.forget("seg_2");
        String a = person("pro");
        memberships.changed(Models.PERSON, Set.of(a), 1);
        settle();
        assertEquals(List.of(), seen());
    }

    @Test
    void aRenameNamesLaterEvents() throws Exception {
        memberships.searchAvailable(search);
        memberships.track("seg_3", Models.PERSON, "Pro", plan("pro"), 10_000);
        memberships.rename("seg_3", "Paying");
        String a = person("pro");
        memberships.changed(Models.PERSON, Set.of(a), 1);
        settle();
        assertEquals("Paying", recorded.get(0).segmentName);
    }

    @Test
    void changesWhileFillingAreComparedWithTheFilledSet() throws Exception {
        String a = person("free");
        memberships.searchAvailable(search);
        // The refill that searchAvailable queues must be done first: run late, it would find seg_4 tracked
        // and fill it too, and the fill below (a second one) would then already see the change.
        settle();
        search.searchDelayMillis = 300;
        search.searched = new java.util.concurrent.CountDownLatch(1);
        Thread filler = new Thread(() -> memberships.track("seg_4", Models.PERSON, "Pro", plan("pro"), 10_000));
        filler.start();
        assertTrue(search.searched.await(10, java.util.concurrent.TimeUnit.SECONDS)); // the fill has read the old state
        search.plans.put(a, "pro");
        memberships.changed(Models.PERSON, Set.of(a), 1);
        filler.join();
        search.searchDelayMillis = 0;
        settle();
        assertEquals(List.of("+" + a + "@seg_4"), seen());
    }

    @Test
    void aQueryThatCannotRunShowsWhyAndIsFilledAgainWithoutEventsWhenItCan() throws Exception {
        String a = person("pro");
        memberships.searchAvailable(search);
        memberships.track("seg_5", Models.PERSON, "Pro", plan("pro"), 10_000);
        search.unavailableFields.add("plan");
        Memberships.Count c = memberships.count("seg_5", Models.PERSON, plan("pro"));
        assertNull(c.count);
        assertTrue(c.problem.contains("not running"), c.problem);
        memberships.changed(Models.PERSON, Set.of(a), 1);
        settle();
        assertTrue(!memberships.isReady("seg_5"));

        String b = person("pro"); // joins while the field is away: not reported
        search.unavailableFields.clear();
        await("filled again", () -> memberships.isReady("seg_5"));
        settle();
        assertEquals(List.of(), seen());
        assertEquals(2L, memberships.count("seg_5", Models.PERSON, plan("pro")).count);
        search.plans.put(b, "free");
        memberships.changed(Models.PERSON, Set.of(b), 2);
        settle();
        assertEquals(List.of("-" + b + "@seg_5"), seen());
    }

    @Test
    void withoutTheSearchThereIsNoCountButAProblem() throws Exception {
        memberships.searchAvailable(search);
        memberships.track("seg_6", Models.PERSON, "Pro", plan("pro"), 10_000);
        memberships.searchGone(search);
        Memberships.Count c = memberships.count("seg_6", Models.PERSON, plan("pro"));
        assertNull(c.count);
        assertTrue(c.problem.contains("io.rapport.search"), c.problem);
        memberships.searchAvailable(search);
        await("filled again", () -> memberships.isReady("seg_6"));
        assertNotNull(memberships.count("seg_6", Models.PERSON, plan("pro")).count);
    }

    @Test
    void changesSeenWhileTheIndexLoadsAreEvaluatedOnceItIsLoaded() throws Exception {
        memberships.searchAvailable(search);
        memberships.track("seg_7", Models.PERSON, "Pro", plan("pro"), 10_000);
        search.loading = true;
        String a = person("pro");
        memberships.changed(Models.PERSON, Set.of(a), 1);
        settle();
        assertEquals(List.of(), seen());
        search.loading = false;
        await("evaluated after loading", () -> seen().equals(List.of("+" + a + "@seg_7")));
        assertTrue(memberships.isReady("seg_7"));
    }

    @Test
    void aSegmentWhoseFieldWentAwayUnnoticedIsFilledAgain() throws Exception {
        memberships.searchAvailable(search);
        memberships.track("seg_8", Models.PERSON, "Pro", plan("pro"), 10_000);
        search.unavailableFields.add("plan");
        await("noticed by the periodic check", () -> !memberships.isReady("seg_8"));
        search.unavailableFields.clear();
        await("filled again", () -> memberships.isReady("seg_8"));
        assertEquals(List.of(), seen());
    }
}
