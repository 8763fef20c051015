package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.platform.api.Problem;
import io.rapport.companies.api.CompaniesService;
import io.rapport.companies.api.Company;
import io.rapport.companies.api.CompanyData;
import io.rapport.conversations.spi.ChannelConnector;
import io.rapport.conversations.spi.Delivery;
import io.rapport.conversations.spi.DeliveryException;
import io.rapport.conversations.spi.Inbox;
import io.rapport.conversations.spi.InboundMessage;
import io.rapport.conversations.spi.LocationResolver;
import io.rapport.conversations.spi.OutboundMessage;
import io.rapport.conversations.spi.ResolvedLocation;
import io.rapport.attributes.api.AttributesService;
import io.rapport.people.api.PeopleService;
import io.rapport.platform.api.Models;
import io.rapport.people.api.Location;
import io.rapport.people.api.Person;
import io.rapport.people.api.PersonData;
import io.rapport.platform.api.PluginGuard;
import io.rapport.platform.errors.DomainException;

/**
 * Conversations in a real framework on real Derby: inbound messages through the Inbox service, test
 * connectors and location resolvers registered from the test, and what users see over real HTTP.
 */
public class ConversationsIT {
    @InjectService(timeout = 20000)
    Inbox inbox;

    @InjectService(timeout = 20000)
    PeopleService people;

    @InjectService(timeout = 20000)
    CompaniesService companies;

    @InjectService(timeout = 20000)
    PluginGuard guard;

    @InjectService(timeout = 20000)
    AttributesService attributes;

    @InjectBundleContext
    BundleContext context;

    private TagsNotesApi api;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        api = TagsNotesApi.connect();
        api.await("/api/v1/conversations/cnv_none", 404, "No conversation with id");
    }

    @AfterEach
    void tearDown() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the test itself
            }
        }
        // The test connectors belong to this test bundle: leave no FAILED/DEGRADED mark for other tests.
        guard.forget(context.getBundle().getBundleId());
    }

    // ---- helpers ----

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String channel() {
        return "test-" + unique();
    }

    /** A connector that records what it sends, or answers as {@code behaviour} says. */
    private static final class TestConnector implements ChannelConnector {
        final BlockingQueue<OutboundMessage> sent = new LinkedBlockingQueue<>();
        final boolean canSend;
        final String behaviour;

        TestConnector(boolean canSend, String behaviour) {
            this.canSend = canSend;
            this.behaviour = behaviour;
        }

        @Override
        public boolean canSend() {
            return canSend;
        }

        @Override
        public void send(OutboundMessage reply) throws DeliveryException {
            switch (behaviour) {
                case "refuse":
                    throw new DeliveryException("the relay refused the recipient");
                case "throw":
                    throw new IllegalStateException("connector bug");
                case "hang":
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                default:
                    sent.add(reply);
            }
        }
    }

    private ServiceRegistration<ChannelConnector> register(String channel, TestConnector connector) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ChannelConnector.CHANNEL, channel);
        props.put(ChannelConnector.LABEL, "Test " + channel);
        ServiceRegistration<ChannelConnector> r = context.registerService(ChannelConnector.class, connector, props);
        registrations.add(r);
        return r;
    }

    private ServiceRegistration<LocationResolver> register(LocationResolver resolver, int ranking) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, ranking);
        ServiceRegistration<LocationResolver> r = context.registerService(LocationResolver.class, resolver, props);
        registrations.add(r);
        return r;
    }

    private Delivery deliver(String channel, String handle, String text) {
        return inbox.deliver(InboundMessage.builder(channel, handle, text).build());
    }

    private Map<String, Object> conversation(String id) throws Exception {
        return api.call("GET", "/api/v1/conversations/" + id, null).expect(200).object();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messages(Map<String, Object> conversation) {
        return (List<Map<String, Object>>) conversation.get("messages");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private TagsNotesApi.Answer reply(String conversationId, String text) throws Exception {
        return api.call("POST", "/api/v1/conversations/" + conversationId + "/replies", "{\"text\":" + TagsNotesApi.quote(text) + "}");
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

    private static long micros(Object isoInstant) {
        Instant i = Instant.parse((String) isoInstant);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    // ---- inbound ----

    @Test
    void aNewSenderBecomesAPersonAndTheirMessagesOneConversation() throws Exception {
        String ch = channel();
        String u = unique();
        String email = "visitor." + u + "@example.com";
        Delivery first = inbox.deliver(InboundMessage.builder(ch, "visitor-" + u, "Hello, my order is late")
                .name("Vera Visitor").email(email.toUpperCase()).subject("Order 42").build());
        assertTrue(first.createdPerson());
        assertTrue(first.openedConversation());
        assertFalse(first.duplicate());
        assertTrue(first.conversationId().startsWith("cnv_"), first.conversationId());
        assertTrue(first.messageId().startsWith("msg_"), first.messageId());
        Person p = people.get(first.personId()).orElseThrow();
        assertEquals("Vera Visitor", p.name);
        assertEquals(List.of(email), p.emails);

        Delivery second = deliver(ch, "visitor-" + u, "Any news?");
        assertEquals(first.personId(), second.personId());
        assertEquals(first.conversationId(), second.conversationId(), "the open conversation continues");
        assertFalse(second.createdPerson());
        assertFalse(second.openedConversation());

        TagsNotesApi.Answer read = api.call("GET", "/api/v1/conversations/" + first.conversationId(), null).expect(200);
        assertNotNull(read.header("ETag"));
        Map<String, Object> c = read.object();
        assertEquals(ch, c.get("channel"));
        assertEquals("open", c.get("state"));
        assertEquals(false, c.get("ticket"));
        assertEquals("Order 42", c.get("subject"));
        assertEquals(p.id, c.get("person_id"));
        assertNull(c.get("closed_at"));
        assertNotNull(c.get("created_at"));
        List<Map<String, Object>> msgs = messages(c);
        assertEquals(List.of("Hello, my order is late", "Any news?"), List.of(msgs.get(0).get("text"), msgs.get(1).get("text")), "oldest first");
        assertEquals("in", msgs.get(0).get("direction"));
        assertNull(msgs.get(0).get("delivery"));
        assertNotNull(msgs.get(0).get("sent_at"));

        List<Map<String, Object>> list = api.call("GET", "/api/v1/people/" + p.id + "/conversations", null).expect(200).data();
        assertEquals(1, list.size());
        assertEquals(first.conversationId(), list.get(0).get("id"));
        assertEquals(2L, list.get(0).get("message_count"));
        assertNotNull(list.get(0).get("last_message_at"));
        assertEquals("Any news?", list.get(0).get("last_message_excerpt"), "the newest message's start, for the list");
        assertFalse(list.get(0).containsKey("messages"), "lists leave the messages out");
        api.call("GET", "/api/v1/people/per_none/conversations", null).expect(404);

        // On the person's timeline, through the change log.
        await("conversation entries on the timeline", () -> {
            try {
                List<Object> types = new ArrayList<>();
                api.call("GET", "/api/v1/people/" + p.id + "/timeline?limit=50", null).expect(200).data().forEach(e -> types.add(e.get("type")));
                return types.contains("conversations_opened") && Collections.frequency(types, "conversations_message_received") == 2;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Map<String, Object> received = api.call("GET", "/api/v1/people/" + p.id + "/timeline?limit=50", null).data().stream()
                .filter(e -> "conversations_message_received".equals(e.get("type"))).findFirst().orElseThrow();
        assertEquals(first.conversationId(), map(received.get("data")).get("conversation_id"));
        assertEquals(ch, map(received.get("data")).get("channel"));
        assertNotNull(map(received.get("data")).get("excerpt"));

        // The profile section.
        Map<String, Object> profile = api.call("GET", "/api/v1/people/" + p.id + "?include=conversations", null).expect(200).object();
        Map<String, Object> section = map(profile.get("conversations"));
        assertEquals(1L, section.get("total"), profile.toString());
        assertEquals(1L, section.get("open"));
        assertEquals(1, ((List<?>) section.get("data")).size());

        // Listing everything, filtered.
        List<Map<String, Object>> byChannel = api.call("GET", "/api/v1/conversations?channel=" + ch + "&state=open", null).expect(200).data();
        assertEquals(1, byChannel.size());
        api.call("GET", "/api/v1/conversations?state=pending", null).expect(400);
        api.call("GET", "/api/v1/conversations?ticket=maybe", null).expect(400);
    }

    @Test
    void conversationsCarryCustomAttributes() throws Exception {
        String key = "priority_" + unique().replace('-', '_');
        api.call("POST", "/api/v1/attributes", "{\"model\":\"conversation\",\"key\":\"" + key + "\",\"label\":\"Priority\","
                + "\"type\":\"list\",\"options\":[\"low\",\"high\"]}").expect(201);
        assertTrue(api.call("GET", "/api/v1/attributes?model=conversation&limit=200", null).expect(200).body().contains(key));
        Delivery d = inbox.deliver(InboundMessage.builder(channel(), "attrs-" + unique(), "Our invoices are wrong").build());
        String path = "/api/v1/conversations/" + d.conversationId();

        // set with a PATCH, alone or with the conversation's own fields; read with the conversation
        Map<String, Object> patched = api.call("PATCH", path, "{\"attributes\":{\"" + key + "\":\"high\"}}").expect(200).object();
        assertEquals(Map.of(key, "high"), patched.get("attributes"));
        assertEquals(Map.of(key, "high"), conversation(d.conversationId()).get("attributes"));
        Map<String, Object> both = api.call("PATCH", path, "{\"ticket\":true,\"attributes\":{\"" + key + "\":\"low\"}}").expect(200).object();
        assertEquals(Boolean.TRUE, both.get("ticket"));
        assertEquals(Map.of(key, "low"), both.get("attributes"));
        // a value the definition does not allow: a 400 naming it, nothing written
        TagsNotesApi.Answer bad = api.call("PATCH", path, "{\"attributes\":{\"" + key + "\":\"urgent\"}}").expect(400);
        assertEquals(List.of("attributes." + key), bad.errorFields(), bad.body());
        assertEquals(Map.of(key, "low"), conversation(d.conversationId()).get("attributes"));
        api.call("PATCH", path, "{\"colour\":\"red\"}").expect(400);
        api.call("PATCH", "/api/v1/conversations/cnv_none", "{\"attributes\":{\"" + key + "\":\"low\"}}").expect(404);

        // the person deleted: their conversations' values go with them
        people.delete(d.personId(), null, "conversations-it");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!attributes.values(Models.CONVERSATION, d.conversationId()).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(Map.of(), attributes.values(Models.CONVERSATION, d.conversationId()));
    }

    @Test
    void threadKeysKeepConversationsApartAndAClosedOneReopens() throws Exception {
        String ch = channel();
        String handle = "thread-" + unique() + "@example.com";
        Delivery a1 = inbox.deliver(InboundMessage.builder(ch, handle, "Question A").threadKey("<a@example.com>").subject("A").build());
        Delivery b1 = inbox.deliver(InboundMessage.builder(ch, handle, "Question B").threadKey("<b@example.com>").subject("B").build());
        assertEquals(a1.personId(), b1.personId());
        assertNotEquals(a1.conversationId(), b1.conversationId());
        Delivery a2 = inbox.deliver(InboundMessage.builder(ch, handle, "More on A").threadKey("<a@example.com>").build());
        assertEquals(a1.conversationId(), a2.conversationId());
        assertEquals(2, messages(conversation(a1.conversationId())).size());

        api.call("PATCH", "/api/v1/conversations/" + a1.conversationId(), "{\"state\":\"closed\"}").expect(200);
        Delivery a3 = inbox.deliver(InboundMessage.builder(ch, handle, "A is back").threadKey("<a@example.com>").build());
        assertEquals(a1.conversationId(), a3.conversationId(), "a closed thread continues");
        Map<String, Object> c = conversation(a1.conversationId());
        assertEquals("open", c.get("state"), "and reopens");
        assertNull(c.get("closed_at"));
        assertEquals("A", c.get("subject"));
    }

    @Test
    void knownPeopleAreFoundByEmailAndByPhone() throws Exception {
        String u = unique();
        PersonData d = new PersonData();
        d.name = "Known Kim";
        d.emails = List.of("kim." + u + "@example.com");
        String digits = String.valueOf(1_000_000 + (int) (Math.random() * 8_999_999));
        d.phones = List.of("+1415" + digits);
        Person kim = people.create(d, "tester");

        Delivery byEmail = inbox.deliver(InboundMessage.builder(channel(), "chat-" + u, "Hi").email("Kim." + u + "@Example.com").build());
        assertEquals(kim.id, byEmail.personId());
        assertFalse(byEmail.createdPerson());

        Delivery byPhone = inbox.deliver(InboundMessage.builder(channel(), "sms-" + u, "Hi again").phone("+1 (415) " + digits).build());
        assertEquals(kim.id, byPhone.personId(), "the phone matches without its separators");
        assertFalse(byPhone.createdPerson());
        assertEquals(2, api.call("GET", "/api/v1/people/" + kim.id + "/conversations", null).expect(200).data().size());
    }

    @Test
    void aRedeliveredMessageIsStoredOnce() throws Exception {
        String ch = channel();
        String handle = "dup-" + unique();
        Delivery first = inbox.deliver(InboundMessage.builder(ch, handle, "Once").messageId("m-1").build());
        Delivery again = inbox.deliver(InboundMessage.builder(ch, handle, "Once").messageId("m-1").build());
        assertTrue(again.duplicate());
        assertEquals(first.messageId(), again.messageId());
        assertEquals(first.conversationId(), again.conversationId());
        assertEquals(1, messages(conversation(first.conversationId())).size());
        assertEquals("m-1", messages(conversation(first.conversationId())).get(0).get("channel_message_id"));
    }

    @Test
    void twoFirstMessagesAtOnceMakeOnePerson() throws Exception {
        String ch = channel();
        String handle = "race-" + unique();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Delivery>> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String text = "At once " + i;
            all.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return deliver(ch, handle, text);
            }));
        }
        start.countDown();
        List<String> personIds = new ArrayList<>();
        List<String> conversationIds = new ArrayList<>();
        for (CompletableFuture<Delivery> f : all) {
            Delivery d = f.get(20, TimeUnit.SECONDS);
            personIds.add(d.personId());
            conversationIds.add(d.conversationId());
        }
        assertEquals(1, personIds.stream().distinct().count(), personIds.toString());
        assertEquals(1, conversationIds.stream().distinct().count(), conversationIds.toString());
        assertEquals(4, messages(conversation(conversationIds.get(0))).size());
    }

    @Test
    void badMessagesAreRefusedWithTheReason() {
        String ch = channel();
        IllegalArgumentException noText = assertThrows(IllegalArgumentException.class, () -> deliver(ch, "h", "  "));
        assertTrue(noText.getMessage().contains("text"), noText.getMessage());
        IllegalArgumentException noHandle = assertThrows(IllegalArgumentException.class, () -> deliver(ch, "", "x"));
        assertTrue(noHandle.getMessage().contains("handle"), noHandle.getMessage());
        IllegalArgumentException longHandle = assertThrows(IllegalArgumentException.class, () -> deliver(ch, "h".repeat(321), "x"));
        assertTrue(longHandle.getMessage().contains("320"), longHandle.getMessage());
        IllegalArgumentException longText = assertThrows(IllegalArgumentException.class, () -> deliver(ch, "h", "x".repeat(100_001)));
        assertTrue(longText.getMessage().contains("100000"), longText.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> inbox.deliver(InboundMessage.builder(ch, "h", "x").subject("s".repeat(999)).build()));
        assertThrows(IllegalArgumentException.class,
                () -> inbox.deliver(InboundMessage.builder(ch, "h", "x").name("n".repeat(201)).build()));
        assertThrows(IllegalArgumentException.class, () -> deliver("Bad Channel", "h", "x"));
        // The longest text is fine.
        Delivery longest = deliver(ch, "h-" + unique(), "y".repeat(100_000));
        assertNotNull(longest.messageId());
    }

    // ---- state and tickets ----

    @Test
    void closeReopenAndTicketWithIfMatch() throws Exception {
        Delivery d = deliver(channel(), "state-" + unique(), "Please help");
        String path = "/api/v1/conversations/" + d.conversationId();
        String etag = api.call("GET", path, null).expect(200).header("ETag");

        TagsNotesApi.Answer closed = api.call("PATCH", path, "{\"state\":\"closed\",\"ticket\":true}", api.http.adminToken, etag).expect(200);
        assertEquals("closed", closed.object().get("state"));
        assertEquals(true, closed.object().get("ticket"));
        assertNotNull(closed.object().get("closed_at"));
        assertNotEquals(etag, closed.header("ETag"));
        api.call("PATCH", path, "{\"state\":\"open\"}", api.http.adminToken, etag).expect(412);

        TagsNotesApi.Answer reopened = api.call("PATCH", path, "{\"state\":\"open\",\"ticket\":false}", api.http.adminToken, closed.header("ETag"))
                .expect(200);
        assertEquals("open", reopened.object().get("state"));
        assertNull(reopened.object().get("closed_at"));
        assertEquals(false, reopened.object().get("ticket"));

        assertEquals(List.of("state"), api.call("PATCH", path, "{\"state\":\"done\"}").expect(400).errorFields());
        assertEquals(List.of("ticket"), api.call("PATCH", path, "{\"ticket\":\"yes\"}").expect(400).errorFields());
        assertEquals(List.of("channel"), api.call("PATCH", path, "{\"channel\":\"x\"}").expect(400).errorFields());
        api.call("PATCH", "/api/v1/conversations/cnv_none", "{\"state\":\"closed\"}").expect(404);

        await("the state changes on the timeline", () -> {
            try {
                List<Object> types = new ArrayList<>();
                api.call("GET", "/api/v1/people/" + d.personId() + "/timeline?limit=50", null).data().forEach(e -> types.add(e.get("type")));
                return types.containsAll(List.of("conversations_closed", "conversations_reopened", "conversations_ticket_marked",
                        "conversations_ticket_unmarked"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    // ---- replies ----

    @Test
    void repliesGoOutThroughTheConnectorOrAreKeptWithTheReason() throws Exception {
        String ch = channel();
        TestConnector connector = new TestConnector(true, "record");
        register(ch, connector);
        Delivery d = inbox.deliver(InboundMessage.builder(ch, "reply-" + unique(), "Where is my parcel?").threadKey("t-1").messageId("in-1")
                .subject("Parcel").build());

        TagsNotesApi.Answer sent = reply(d.conversationId(), "It ships today.").expect(201);
        Map<String, Object> m = sent.object();
        String location = java.net.URI.create(sent.header("Location")).getPath();
        assertEquals("/api/v1/conversations/" + d.conversationId() + "/messages/" + m.get("id"), location);
        assertEquals("It ships today.", api.call("GET", location, null).expect(200).object().get("text"));
        assertEquals("out", m.get("direction"));
        assertEquals("sent", map(m.get("delivery")).get("status"));
        assertNull(map(m.get("delivery")).get("error"));
        assertNotNull(m.get("author"));
        OutboundMessage out = connector.sent.poll(5, TimeUnit.SECONDS);
        assertNotNull(out, "the connector got the reply");
        assertEquals("It ships today.", out.text());
        assertEquals("t-1", out.threadKey());
        assertEquals("in-1", out.inReplyTo());
        assertEquals("Parcel", out.subject());
        assertEquals(m.get("id"), out.messageId());
        assertEquals(d.conversationId(), out.conversationId());

        Map<String, Object> c = conversation(d.conversationId());
        assertNotNull(c.get("first_response_at"));
        assertEquals(2, messages(c).size());
        assertEquals("sent", map(messages(c).get(1).get("delivery")).get("status"));

        assertEquals(List.of("text"), reply(d.conversationId(), " ").expect(400).errorFields());
        assertEquals(List.of("text"), api.call("POST", "/api/v1/conversations/" + d.conversationId() + "/replies", "{}").expect(400).errorFields());
        reply("cnv_none", "Hello").expect(404);

        // A channel that cannot send keeps the reply.
        String quiet = channel();
        register(quiet, new TestConnector(false, "record"));
        Delivery q = deliver(quiet, "quiet-" + unique(), "Hi");
        Map<String, Object> notSent = reply(q.conversationId(), "Noted").expect(201).object();
        assertEquals("not_sent", map(notSent.get("delivery")).get("status"));
        assertNotNull(map(notSent.get("delivery")).get("error"));

        // No connector at all: kept too.
        Delivery gone = deliver(channel(), "gone-" + unique(), "Hi");
        assertEquals("not_sent", map(reply(gone.conversationId(), "Noted").expect(201).object().get("delivery")).get("status"));

        // The connector refuses.
        String refusing = channel();
        register(refusing, new TestConnector(true, "refuse"));
        Delivery r = deliver(refusing, "refused-" + unique(), "Hi");
        Map<String, Object> failed = reply(r.conversationId(), "Hello there").expect(201).object();
        assertEquals("failed", map(failed.get("delivery")).get("status"));
        assertEquals("the relay refused the recipient", map(failed.get("delivery")).get("error"));
        assertEquals("Hello there", messages(conversation(r.conversationId())).get(1).get("text"), "the words are kept");
    }

    @Test
    void aConnectorThatThrowsIsContainedAndShownFailed() throws Exception {
        String ch = channel();
        register(ch, new TestConnector(true, "throw"));
        Delivery d = deliver(ch, "throw-" + unique(), "Hi");
        Map<String, Object> failed = reply(d.conversationId(), "Hello").expect(201).object();
        assertEquals("failed", map(failed.get("delivery")).get("status"));
        assertTrue(String.valueOf(map(failed.get("delivery")).get("error")).contains("connector bug"), failed.toString());
        assertEquals("failed", map(messages(conversation(d.conversationId())).get(1).get("delivery")).get("status"));

        Map<String, Object> listed = channelEntry(ch).orElseThrow();
        assertEquals("FAILED", listed.get("status"), listed.toString());
        assertTrue(String.valueOf(listed.get("status_message")).contains("connector bug"), listed.toString());
    }

    @Test
    void aConnectorThatHangsIsCutOffAndOthersGoOn() throws Exception {
        Runnable restore = setReplyTimeout(1500L);
        try {
            String ch = channel();
            register(ch, new TestConnector(true, "hang"));
            Delivery d = deliver(ch, "hang-" + unique(), "Hi");
            long start = System.nanoTime();
            CompletableFuture<TagsNotesApi.Answer> pending = CompletableFuture.supplyAsync(() -> {
                try {
                    return reply(d.conversationId(), "Are you there?");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            long otherStart = System.nanoTime();
            api.call("GET", "/api/v1/people?limit=1", null).expect(200);
            long otherMillis = (System.nanoTime() - otherStart) / 1_000_000;
            assertTrue(otherMillis < 1000, "another request answered in " + otherMillis + " ms while the connector hangs");
            assertFalse(pending.isDone(), "the reply waits for the connector");

            Map<String, Object> failed = pending.get(10, TimeUnit.SECONDS).expect(201).object();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("failed", map(failed.get("delivery")).get("status"));
            assertTrue(String.valueOf(map(failed.get("delivery")).get("error")).contains("did not answer"), failed.toString());
            assertTrue(tookMillis < 6000, "answered after the time limit, in " + tookMillis + " ms");
            assertEquals("DEGRADED", channelEntry(ch).orElseThrow().get("status"));
        } finally {
            restore.run();
        }
    }

    /**
     * Sets reply.timeout.ms of io.rapport.conversations; answers how to put the configuration back.
     * Through reflection on the Config Admin interfaces: the test bundle does not import their package.
     */
    private Runnable setReplyTimeout(long millis) throws Exception {
        ServiceReference<?> ref = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        assertNotNull(ref, "Config Admin runs");
        Class<?> adminType = ref.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
        Class<?> configType = ref.getBundle().loadClass("org.osgi.service.cm.Configuration");
        Object admin = context.getService(ref);
        Object config = adminType.getMethod("getConfiguration", String.class, String.class).invoke(admin, "io.rapport.conversations", "?");
        @SuppressWarnings("unchecked")
        Dictionary<String, Object> current = (Dictionary<String, Object>) configType.getMethod("getProperties").invoke(config);
        Hashtable<String, Object> next = new Hashtable<>();
        if (current != null) {
            for (java.util.Enumeration<String> keys = current.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                next.put(k, current.get(k));
            }
        }
        next.put("reply.timeout.ms", millis);
        configType.getMethod("update", Dictionary.class).invoke(config, next);
        Thread.sleep(500); // Config Admin delivers asynchronously
        return () -> {
            try {
                if (current == null) {
                    configType.getMethod("delete").invoke(config);
                } else {
                    configType.getMethod("update", Dictionary.class).invoke(config, current);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            } finally {
                context.ungetService(ref);
            }
        };
    }

    // ---- channels ----

    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> channelEntry(String channel) throws Exception {
        TagsNotesApi.Answer a = api.call("GET", "/api/v1/channels", null).expect(200);
        assertTrue(a.object().containsKey("next_cursor") && a.object().get("next_cursor") == null, a.body());
        return a.data().stream().filter(c -> channel.equals(c.get("channel"))).findFirst();
    }

    @Test
    void channelsComeAndGoWithTheirConnectors() throws Exception {
        String ch = channel();
        assertTrue(channelEntry(ch).isEmpty());
        ServiceRegistration<ChannelConnector> r = register(ch, new TestConnector(true, "record"));
        long start = System.nanoTime();
        Map<String, Object> listed = null;
        while (listed == null && System.nanoTime() - start < 2_000_000_000L) {
            listed = channelEntry(ch).orElse(null);
        }
        assertNotNull(listed, "listed within about a second");
        assertEquals("Test " + ch, listed.get("label"));
        assertEquals(true, listed.get("can_send"));
        assertEquals("OK", listed.get("status"));
        assertNull(listed.get("status_message"));
        Map<String, Object> plugin = map(listed.get("plugin"));
        assertEquals(context.getBundle().getSymbolicName(), plugin.get("symbolic_name"));
        assertEquals(context.getBundle().getBundleId(), plugin.get("bundle_id"));
        assertNotNull(plugin.get("version"));

        r.unregister();
        assertTrue(channelEntry(ch).isEmpty(), "gone with its service");
    }

    // ---- location ----

    @Test
    void theLocationComesFromTheIpThroughTheBestResolver() throws Exception {
        String ip = "198.51.100." + (1 + (int) (Math.random() * 250));
        register(address -> address.equals(addressOf(ip)) ? Optional.of(new ResolvedLocation("Testville", "Test Region", "ZZ")) : Optional.empty(),
                1_000_000);
        String handle = "where-" + unique();
        Delivery d = inbox.deliver(InboundMessage.builder(channel(), handle, "Hi").ipAddress(ip).build());
        Person p = people.get(d.personId()).orElseThrow();
        assertEquals("Testville", p.location.city);
        assertEquals("Test Region", p.location.region);
        assertEquals("ZZ", p.location.country);
        // and says where it came from, in the API as well
        assertEquals(Location.IP, p.location.source);
        assertEquals(ip, p.location.ip);
        assertEquals(context.getBundle().getSymbolicName(), p.location.resolvedBy, "the resolver's bundle");
        @SuppressWarnings("unchecked")
        Map<String, Object> where = (Map<String, Object>) api.call("GET", "/api/v1/people/" + p.id, null).expect(200).object().get("location");
        assertEquals("ip", where.get("source"));
        assertEquals(ip, where.get("ip"));
        assertEquals(context.getBundle().getSymbolicName(), where.get("resolved_by"));
        // an agent's correction of the place is theirs, no longer the address's
        Person corrected = people.patch(p.id, Map.of("location", Map.of("city", "Elsewhere")), null, "agent-1");
        assertEquals(Location.MANUAL, corrected.location.source);
        assertNull(corrected.location.ip);
        assertNull(corrected.location.resolvedBy);
        assertEquals("ZZ", corrected.location.country, "the parts not written are kept");

        // A known person seen from the address later: their location is filled in.
        String ch = channel();
        String known = "known-" + unique();
        Delivery k1 = inbox.deliver(InboundMessage.builder(ch, known, "No IP").build());
        assertNull(people.get(k1.personId()).orElseThrow().location.country);
        inbox.deliver(InboundMessage.builder(ch, known, "With IP").ipAddress(ip).build());
        assertEquals("Testville", people.get(k1.personId()).orElseThrow().location.city);
        assertEquals(ip, people.get(k1.personId()).orElseThrow().location.ip);
        // Addresses that are no IP literal are never looked up.
        assertNotNull(inbox.deliver(InboundMessage.builder(ch, known, "Odd IP").ipAddress("example.com").build()).messageId());

        // A resolver that throws or hangs above it costs the message nothing.
        register(address -> {
            throw new IllegalStateException("resolver bug");
        }, 2_000_000);
        Delivery withBroken = inbox.deliver(InboundMessage.builder(channel(), "broken-" + unique(), "Still filed").ipAddress(ip).build());
        assertNotNull(withBroken.messageId());
        assertNull(people.get(withBroken.personId()).orElseThrow().location.city);
        register(address -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }, 3_000_000);
        long start = System.nanoTime();
        Delivery withSlow = inbox.deliver(InboundMessage.builder(channel(), "slow-" + unique(), "Still filed").ipAddress(ip).build());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertNotNull(withSlow.messageId());
        assertTrue(millis < 3000, "a slow resolver held the delivery " + millis + " ms");
    }

    private static InetAddress addressOf(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- insights ----

    @Test
    void companyInsightsOverItsPeople() throws Exception {
        CompanyData cd = new CompanyData();
        cd.name = "Insightful " + unique();
        Company company = companies.create(cd, "tester");
        String ch = channel();
        register(ch, new TestConnector(true, "record"));
        Delivery ann1 = deliver(ch, "ann-" + unique(), "Ticket one");
        Delivery bob1 = deliver(ch, "bob-" + unique(), "Ticket two");
        Delivery ann2 = inbox.deliver(InboundMessage.builder(ch, "ann2-" + unique(), "Just a question").threadKey("q").build());
        Delivery stranger = deliver(ch, "stranger-" + unique(), "Not in the company");
        companies.link(company.id, ann1.personId(), "tester");
        companies.link(company.id, bob1.personId(), "tester");
        companies.link(company.id, ann2.personId(), "tester");

        // Replies after growing delays, so the three first-response times differ.
        reply(ann1.conversationId(), "On it").expect(201);
        Thread.sleep(50);
        reply(bob1.conversationId(), "On it").expect(201);
        Thread.sleep(50);
        reply(ann2.conversationId(), "Answered").expect(201);
        reply(stranger.conversationId(), "Answered").expect(201);
        api.call("PATCH", "/api/v1/conversations/" + ann1.conversationId(), "{\"ticket\":true}").expect(200);
        api.call("PATCH", "/api/v1/conversations/" + bob1.conversationId(), "{\"ticket\":true}").expect(200);
        api.call("PATCH", "/api/v1/conversations/" + stranger.conversationId(), "{\"ticket\":true}").expect(200);
        api.call("PATCH", "/api/v1/conversations/" + ann1.conversationId(), "{\"state\":\"closed\"}").expect(200);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String from = today.minusDays(14).toString();
        String to = today.toString();
        Map<String, Object> i = api.call("GET", "/api/v1/companies/" + company.id + "/insights?from=" + from + "&to=" + to, null)
                .expect(200).object();
        assertEquals(company.id, i.get("company_id"));
        assertEquals(today.minusDays(14) + "T00:00:00Z", i.get("from"));
        assertEquals(today.plusDays(1) + "T00:00:00Z", i.get("to"), "a date as 'to' includes that day");
        assertEquals(3L, i.get("people"));
        assertEquals(3L, i.get("conversations"));
        assertEquals(2L, i.get("open_conversations"));
        assertEquals(2L, i.get("tickets"));
        assertEquals(1L, i.get("open_tickets"));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> weeks = (List<Map<String, Object>>) i.get("tickets_per_week");
        LocalDate week = today.minusDays(14).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate thisWeek = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        for (Map<String, Object> w : weeks) {
            assertEquals(week.toString(), w.get("week_start"), "every week, in order: " + weeks);
            assertEquals(week.equals(thisWeek) ? 2L : 0L, w.get("count"), weeks.toString());
            week = week.plusWeeks(1);
        }
        assertEquals(thisWeek.plusWeeks(1), week, "up to this week: " + weeks);

        // The medians, from what the API shows of each conversation.
        List<Long> firstResponses = new ArrayList<>();
        for (Delivery d : List.of(ann1, bob1, ann2)) {
            Map<String, Object> c = conversation(d.conversationId());
            firstResponses.add(micros(c.get("first_response_at")) - micros(c.get("created_at")));
        }
        Collections.sort(firstResponses);
        assertEquals(firstResponses.get(1) / 1000 / 1000.0, ((Number) i.get("median_first_response_seconds")).doubleValue(), 0.0011);
        Map<String, Object> closed = conversation(ann1.conversationId());
        double resolution = (micros(closed.get("closed_at")) - micros(closed.get("created_at"))) / 1_000_000.0;
        assertEquals(resolution, ((Number) i.get("median_resolution_seconds")).doubleValue(), 0.0011);

        // The default period is the last 30 days; an empty period has no medians.
        Map<String, Object> recent = api.call("GET", "/api/v1/companies/" + company.id + "/insights", null).expect(200).object();
        assertEquals(3L, recent.get("conversations"));
        assertEquals(Duration.ofDays(30), Duration.between(Instant.parse((String) recent.get("from")), Instant.parse((String) recent.get("to"))));
        Map<String, Object> past = api.call("GET", "/api/v1/companies/" + company.id + "/insights?from=2020-01-01&to=2020-01-31", null)
                .expect(200).object();
        assertEquals(0L, past.get("conversations"));
        assertNull(past.get("median_first_response_seconds"));
        assertNull(past.get("median_resolution_seconds"));
        assertEquals(5, ((List<?>) past.get("tickets_per_week")).size(), "2019-12-30 to 2020-01-27");

        String base = "/api/v1/companies/" + company.id + "/insights";
        assertEquals(List.of("from"), api.call("GET", base + "?from=2026-03-01&to=2026-01-01", null).expect(400).errorFields());
        assertEquals(List.of("from"), api.call("GET", base + "?from=2020-01-01&to=2026-01-01", null).expect(400).errorFields());
        assertEquals(List.of("to"), api.call("GET", base + "?to=yesterday", null).expect(400).errorFields());
        api.call("GET", "/api/v1/companies/com_none/insights", null).expect(404);
        api.call("GET", base + "?from=2026-01-01T00:00:00Z&to=2026-01-02T12:00:00Z", null).expect(200);
    }

    @Test
    void withoutTheirBundlesInsightsAndFilingAre503AndReadingWorks() throws Exception {
        Delivery d = deliver(channel(), "absent-" + unique(), "Before");
        CompanyData cd = new CompanyData();
        cd.name = "Absent " + unique();
        Company company = companies.create(cd, "tester");
        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.companies")) {
            await("the companies service is gone", () -> context.getServiceReference(CompaniesService.class) == null);
            TagsNotesApi.Answer absent = api.call("GET", "/api/v1/companies/" + company.id + "/insights", null).expect(503);
            assertTrue(absent.body().contains("io.rapport.companies"), absent.body());
        }
        await("the companies service is back", () -> context.getServiceReference(CompaniesService.class) != null);

        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.people")) {
            await("the people service is gone", () -> context.getServiceReference(PeopleService.class) == null);
            DomainException refused = assertThrows(DomainException.class, () -> deliver("web", "absent-" + unique(), "During"));
            assertEquals(503, Problem.statusOf(refused));
            assertTrue(refused.detail.contains("io.rapport.people"), refused.detail);
            assertEquals(1, api.call("GET", "/api/v1/people/" + d.personId() + "/conversations", null).expect(200).data().size());
            api.call("PATCH", "/api/v1/conversations/" + d.conversationId(), "{\"ticket\":true}").expect(200);
        }
        await("the people service is back", () -> context.getServiceReference(PeopleService.class) != null);
        api.http.await("/api/v1/people/" + d.personId(), 200, false);
    }

    // ---- deletion ----

    @Test
    void deletingThePersonRemovesTheirConversations() throws Exception {
        String ch = channel();
        String handle = "bye-" + unique();
        Delivery d = deliver(ch, handle, "Forget me");
        api.call("GET", "/api/v1/conversations/" + d.conversationId(), null).expect(200);
        people.delete(d.personId(), null, "tester");
        api.await("/api/v1/conversations/" + d.conversationId(), 404, "No conversation");
        await("the identity goes too", () -> {
            Delivery again = deliver(ch, handle, "Hello again");
            return again.createdPerson() && !again.personId().equals(d.personId());
        });
    }
}
