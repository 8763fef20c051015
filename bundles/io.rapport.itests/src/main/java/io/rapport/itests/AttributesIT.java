package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

import io.rapport.platform.api.Problem;
import io.rapport.attributes.api.AttributeDefinition;
import io.rapport.attributes.api.AttributeDefinitionData;
import io.rapport.attributes.api.AttributeTypeInfo;
import io.rapport.attributes.api.AttributesEvents;
import io.rapport.attributes.api.AttributesService;
import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;
import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.people.api.PersonData;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.ProfileField;
import io.rapport.platform.api.ProfileSection;

/**
 * Custom attributes in a real framework on real Derby: definitions, every built-in type through the
 * profile field and section the people and companies bundles use, a plugin type coming and going,
 * cascades (also while the bundle was stopped), and the REST resources over real HTTP.
 */
public class AttributesIT {
    private static final String SECTION_FILTER = "(" + ProfileSection.NAME + "=attributes)";

    @InjectService(timeout = 20000)
    AttributesService attributes;

    @InjectService(timeout = 20000)
    PeopleService people;

    @InjectService(timeout = 20000, filter = SECTION_FILTER)
    ProfileField field;

    @InjectService(timeout = 20000, filter = SECTION_FILTER)
    ProfileSection section;

    @InjectBundleContext
    BundleContext context;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private ServiceRegistration<EventHandler> handler;

    @BeforeEach
    void listen() {
        handler = context.registerService(EventHandler.class, events::add,
                new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, AttributesEvents.ALL)));
    }

    @AfterEach
    void stopListening() {
        handler.unregister();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A fresh key per test: the tests share one database. */
    private static String key(String name) {
        return name + "_" + unique();
    }

    private AttributeDefinition define(String model, String key, String type, String... options) {
        AttributeDefinitionData d = new AttributeDefinitionData();
        d.model = model;
        d.key = key;
        d.label = "Label of " + key;
        d.type = type;
        d.options = options.length == 0 ? null : List.of(options);
        return attributes.define(d, "tester");
    }

    private Person person() {
        PersonData d = new PersonData();
        d.name = "Attr " + unique();
        d.emails = List.of("attr." + unique() + "@example.com");
        return people.create(d, "tester");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String subjectId) {
        return (Map<String, Object>) section.read("person", subjectId);
    }

    private Map<String, Map<String, Object>> set(String subjectId, Map<String, Object> values) {
        field.validate("person", subjectId, values);
        return field.write("person", subjectId, values, "tester");
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static DomainException problem(int status, Runnable call) {
        DomainException e = assertThrows(DomainException.class, call::run);
        assertEquals(status, Problem.statusOf(e), e.detail);
        return e;
    }

    private static String messageOn(DomainException e, String field) {
        for (FieldError error : e.errors) {
            if (error.field.equals(field)) {
                return error.message;
            }
        }
        throw new AssertionError("No error on " + field + " in " + e.errors);
    }

    private Event nextEvent(String topic, String subjectId, String key) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Event e = events.poll(500, TimeUnit.MILLISECONDS);
            if (e != null && e.getTopic().equals(topic) && subjectId.equals(e.getProperty("id")) && key.equals(e.getProperty("key"))) {
                return e;
            }
        }
        throw new AssertionError("No " + topic + " event for " + subjectId + " " + key);
    }

    @Test
    void theBuiltInTypesAreInstalledAsServices() throws Exception {
        Map<String, AttributeTypeInfo> types = attributes.types().stream().collect(Collectors.toMap(t -> t.name, t -> t));
        for (String name : List.of("text", "number", "boolean", "date", "datetime", "list", "multi-list", "url", "email")) {
            assertTrue(types.containsKey(name), name + " in " + types.keySet());
        }
        assertEquals("instant", types.get("date").storage);
        assertEquals("number", types.get("number").storage);
        assertEquals("text_list", types.get("multi-list").storage);
        assertTrue(types.get("list").usesOptions);
        assertFalse(types.get("email").usesOptions);
        // registered the way a plugin registers its own: as AttributeType services
        List<String> names = new ArrayList<>();
        for (ServiceReference<AttributeType> ref : context.getServiceReferences(AttributeType.class, null)) {
            AttributeType t = context.getService(ref);
            names.add(t.name());
            context.ungetService(ref);
        }
        assertTrue(names.containsAll(types.keySet()), names.toString());
    }

    @Test
    void everyBuiltInTypeStoresAndReadsBackItsNormalForm() throws Exception {
        String text = key("text"), number = key("number"), bool = key("bool"), date = key("date"), time = key("time"),
                list = key("list"), multi = key("multi"), url = key("url"), email = key("email");
        define("person", text, "text");
        define("person", number, "number");
        define("person", bool, "boolean");
        define("person", date, "date");
        define("person", time, "datetime");
        define("person", list, "list", "basic", "pro");
        define("person", multi, "multi-list", "a", "b", "c");
        define("person", url, "url");
        define("person", email, "email");
        Person p = person();

        Map<String, Map<String, Object>> changes = set(p.id, map(text, "  Hello  ", number, new BigDecimal("12.50"), bool, true,
                date, "2024-02-29", time, "2024-05-31T14:30:00.123456+02:00", list, "pro", multi, List.of("c", "a"),
                url, "https://example.com/x?y=1", email, "Ada@Example.COM"));
        assertEquals(9, changes.size(), changes.toString());
        assertNull(changes.get("attributes." + list).get("old"));
        assertEquals("pro", changes.get("attributes." + list).get("new"));

        Map<String, Object> values = read(p.id);
        assertEquals("  Hello  ", values.get(text), "text is kept as written");
        assertEquals(0, new BigDecimal("12.5").compareTo((BigDecimal) values.get(number)));
        assertEquals("12.5", ((BigDecimal) values.get(number)).toPlainString());
        assertEquals(true, values.get(bool));
        assertEquals("2024-02-29", values.get(date));
        assertEquals("2024-05-31T12:30:00.123456Z", values.get(time), "normalised to UTC");
        assertEquals("pro", values.get(list));
        assertEquals(List.of("c", "a"), values.get(multi), "in the client's order");
        assertEquals("https://example.com/x?y=1", values.get(url));
        assertEquals("ada@example.com", values.get(email), "lower-cased");
        assertEquals(values, attributes.values("person", p.id));

        Event setEvent = nextEvent(AttributesEvents.SET, p.id, email);
        assertEquals("person", setEvent.getProperty("model"));
        assertEquals("Label of " + email, setEvent.getProperty("label"));
        assertNull(setEvent.getProperty("old"));
        assertEquals("ada@example.com", setEvent.getProperty("new"));
        assertEquals("tester", setEvent.getProperty("actor"));

        // the same values again change nothing; integers and big numbers fit too
        assertEquals(Map.of(), set(p.id, map(email, "ada@EXAMPLE.com", number, 12.5, multi, List.of("c", "a"))));
        set(p.id, map(number, new BigDecimal("123456789012345678901.0123456789")));
        assertEquals("123456789012345678901.0123456789", ((BigDecimal) read(p.id).get(number)).toPlainString());
        set(p.id, map(number, 7));
        assertEquals("7", ((BigDecimal) read(p.id).get(number)).toPlainString());
        String longest = "é\"\u0001".repeat(1333) + "x"; // 4000 characters, its JSON much longer
        set(p.id, map(text, longest));
        assertEquals(longest, read(p.id).get(text));

        // null removes a value, and an empty multi-list is no value
        Map<String, Map<String, Object>> removed = set(p.id, map(text, null, multi, List.of()));
        assertEquals(longest, removed.get("attributes." + text).get("old"));
        assertNull(removed.get("attributes." + text).get("new"));
        assertEquals(List.of("c", "a"), removed.get("attributes." + multi).get("old"));
        Map<String, Object> after = read(p.id);
        assertFalse(after.containsKey(text));
        assertFalse(after.containsKey(multi));
        assertEquals("pro", after.get(list));
        assertEquals(Map.of(), set(p.id, map(text, null)), "removing what is absent changes nothing");
    }

    @Test
    void everyValueThatDoesNotFitIsA400NamingTheKeyAndTheReason() {
        String text = key("text"), number = key("number"), bool = key("bool"), date = key("date"), time = key("time"),
                list = key("list"), multi = key("multi"), url = key("url"), email = key("email");
        define("person", text, "text");
        define("person", number, "number");
        define("person", bool, "boolean");
        define("person", date, "date");
        define("person", time, "datetime");
        define("person", list, "list", "basic", "pro");
        define("person", multi, "multi-list", "a", "b");
        define("person", url, "url");
        define("person", email, "email");
        Person p = person();

        Map<String, Object> bad = map(text, "x".repeat(4001), number, "12", bool, "yes", date, "2024-02-30", time, "2024-05-31T14:30:00",
                list, "gold", multi, List.of("a", "a"), url, "ftp://example.com/", email, "not an email", "nope_" + unique(), 1);
        DomainException e = problem(400, () -> field.validate("person", p.id, bad));
        assertTrue(messageOn(e, "attributes." + text).contains("at most 4000 characters"), e.detail);
        assertTrue(messageOn(e, "attributes." + number).contains("must be a number"), e.detail);
        assertTrue(messageOn(e, "attributes." + bool).contains("true or false"), e.detail);
        assertTrue(messageOn(e, "attributes." + date).contains("yyyy-MM-dd"), e.detail);
        assertTrue(messageOn(e, "attributes." + time).contains("offset"), e.detail);
        assertTrue(messageOn(e, "attributes." + list).contains("not an option"), e.detail);
        assertTrue(messageOn(e, "attributes." + multi).contains("twice"), e.detail);
        assertTrue(messageOn(e, "attributes." + url).contains("http or https"), e.detail);
        assertTrue(messageOn(e, "attributes." + email).contains("email address"), e.detail);
        String unknown = bad.keySet().stream().filter(k -> k.startsWith("nope_")).findFirst().orElseThrow();
        assertEquals("unknown attribute; define it with POST /api/v1/attributes", messageOn(e, "attributes." + unknown));
        assertEquals(10, e.errors.size(), e.errors.toString());

        // write checks again (the definition may have changed since validate): nothing is stored
        problem(400, () -> field.write("person", p.id, map(number, "12"), "tester"));
        assertTrue(messageOn(problem(400, () -> set(p.id, map(number, new BigDecimal("1.00000000001")))), "attributes." + number)
                .contains("10 digits after"));
        assertTrue(messageOn(problem(400, () -> set(p.id, map(number, new BigDecimal("1234567890123456789012")))), "attributes." + number)
                .contains("21 digits before"));
        assertTrue(messageOn(problem(400, () -> set(p.id, map(multi, List.of("a", "z")))), "attributes." + multi).contains("'z'"));
        assertTrue(messageOn(problem(400, () -> set(p.id, map(multi, "a"))), "attributes." + multi).contains("list"));
        assertEquals(Map.of(), read(p.id));

        DomainException notAnObject = problem(400, () -> field.validate("person", p.id, List.of("x")));
        assertTrue(messageOn(notAnObject, "attributes").contains("must be an object"), notAnObject.detail);

        // attributes are per model: a person's attribute is unknown on a company
        assertTrue(messageOn(problem(400, () -> field.validate("company", "com_x", map(text, "x"))), "attributes." + text)
                .startsWith("unknown attribute"));
    }

    @Test
    void archivedAttributesKeepTheirValuesReadOnly() {
        String plan = key("plan");
        define("person", plan, "list", "basic", "pro");
        Person p = person();
        set(p.id, map(plan, "pro"));

        AttributeDefinition archived = attributes.patch("person", plan, map("archived", true), null, "tester");
        assertTrue(archived.archived);
        DomainException e = problem(400, () -> set(p.id, map(plan, "basic")));
        assertEquals("archived attributes are read-only", messageOn(e, "attributes." + plan));
        problem(400, () -> set(p.id, map(plan, null)));
        assertEquals("pro", read(p.id).get(plan), "still read back");

        attributes.patch("person", plan, map("archived", false), null, "tester");
        set(p.id, map(plan, "basic"));
        assertEquals("basic", read(p.id).get(plan));
    }

    @Test
    void typeAndOptionsCannotChangeUnderExistingValues() {
        String score = key("score");
        define("person", score, "text");
        // no values yet: the type may change
        AttributeDefinition changed = attributes.patch("person", score, map("type", "number"), null, "tester");
        assertEquals("number", changed.type);
        Person p = person();
        set(p.id, map(score, 3));
        DomainException e = problem(409, () -> attributes.patch("person", score, map("type", "text"), null, "tester"));
        assertTrue(e.detail.contains("1 profile has a value"), e.detail);
        assertEquals("type", e.errors.get(0).field);
        assertEquals("number", attributes.definition("person", score).orElseThrow().type);

        String tier = key("tier");
        define("person", tier, "multi-list", "gold", "silver", "bronze");
        Person q = person();
        set(p.id, map(tier, List.of("gold", "silver")));
        set(q.id, map(tier, List.of("gold")));
        DomainException inUse = problem(409, () -> attributes.patch("person", tier, map("options", List.of("bronze")), null, "tester"));
        assertTrue(inUse.detail.contains("'gold' (2 values)"), inUse.detail);
        assertTrue(inUse.detail.contains("'silver' (1 value)"), inUse.detail);
        assertEquals("options", inUse.errors.get(0).field);
        // removing an unused option and adding one is fine
        AttributeDefinition fewer = attributes.patch("person", tier, map("options", List.of("silver", "gold", "platinum")), null, "tester");
        assertEquals(List.of("silver", "gold", "platinum"), fewer.options);
        set(q.id, map(tier, List.of("platinum")));
        problem(400, () -> set(q.id, map(tier, List.of("bronze"))));
    }

    @Test
    void definitionsAreValidated() {
        String k = key("k");
        DomainException bad = problem(400, () -> define("person", "Bad Key", "text"));
        assertTrue(messageOn(bad, "key").contains("machine name"), bad.detail);
        problem(400, () -> define("person", "9lives", "text"));
        problem(400, () -> define("person", "a".repeat(64), "text"));
        problem(400, () -> define("animal", k, "text"));

        DomainException unknownType = problem(400, () -> define("person", k, "colour"));
        String message = messageOn(unknownType, "type");
        assertTrue(message.contains("'colour' is not an installed type") && message.contains("multi-list") && message.contains("email"), message);

        assertTrue(messageOn(problem(400, () -> define("person", k, "list")), "options").contains("required"));
        assertTrue(messageOn(problem(400, () -> define("person", k, "text", "a")), "options").contains("only list types"));
        assertTrue(messageOn(problem(400, () -> define("person", k, "list", "a", "a")), "options[1]").contains("twice"));
        assertTrue(messageOn(problem(400, () -> define("person", k, "list", "a", " ")), "options[1]").contains("blank"));
        AttributeDefinitionData noLabel = new AttributeDefinitionData();
        noLabel.model = "person";
        noLabel.key = k;
        noLabel.type = "text";
        assertEquals("is required", messageOn(problem(400, () -> attributes.define(noLabel, "tester")), "label"));

        AttributeDefinition d = define("person", k, "text");
        assertEquals(k, d.key);
        assertNull(d.options);
        DomainException taken = problem(409, () -> define("person", k, "number"));
        assertEquals("key", taken.errors.get(0).field);
        define("company", k, "number"); // unique per model only

        assertTrue(messageOn(problem(400, () -> attributes.patch("person", k, map("key", "other"), null, "tester")), "key")
                .contains("immutable"));
        problem(400, () -> attributes.patch("person", k, map("model", "company"), null, "tester"));
        problem(400, () -> attributes.patch("person", k, map("colour", "red"), null, "tester"));
        problem(400, () -> attributes.patch("person", k, map("label", null), null, "tester"));
        problem(412, () -> attributes.patch("person", k, map("label", "New"), d.version() + 1, "tester"));
        AttributeDefinition relabelled = attributes.patch("person", k, map("label", "New", "description", "Why"), d.version(), "tester");
        assertEquals("New", relabelled.label);
        assertEquals("Why", relabelled.description);
        assertTrue(relabelled.version() > d.version());
        problem(404, () -> attributes.patch("person", "missing_" + unique(), map("label", "x"), null, "tester"));
        problem(404, () -> attributes.delete("person", "missing_" + unique(), null, "tester"));
        problem(412, () -> attributes.delete("person", k, d.version(), "tester"));
    }

    @Test
    void deletingADefinitionDeletesItsValues() {
        String plan = key("plan");
        define("person", plan, "text");
        Person p = person(), q = person();
        set(p.id, map(plan, "one"));
        set(q.id, map(plan, "two"));

        assertEquals(2, attributes.delete("person", plan, null, "tester"));
        assertTrue(attributes.definition("person", plan).isEmpty());
        assertFalse(read(p.id).containsKey(plan));
        // defined again, it starts empty
        define("person", plan, "text");
        assertFalse(read(q.id).containsKey(plan));
        assertEquals(0, attributes.delete("person", plan, null, "tester"));
    }

    @Test
    void aPluginTypeWorksWhileInstalledAndItsValuesReadBackRawWhenItIsGone() {
        String typeName = "test_stars_" + unique();
        AttributeType stars = new AttributeType() {
            @Override
            public String name() {
                return typeName;
            }

            @Override
            public String label() {
                return "Stars";
            }

            @Override
            public StorageKind storage() {
                return StorageKind.NUMBER;
            }

            @Override
            public boolean usesOptions() {
                return false;
            }

            @Override
            public Stored parse(Object jsonValue, AttributeDefinitionView definition) throws InvalidValueException {
                if (!(jsonValue instanceof Integer) || (Integer) jsonValue < 1 || (Integer) jsonValue > 5) {
                    throw new InvalidValueException("must be 1 to 5 stars");
                }
                return Stored.number(BigDecimal.valueOf((Integer) jsonValue));
            }

            @Override
            public Object format(Stored stored, AttributeDefinitionView definition) {
                return Map.of("stars", stored.number().intValue());
            }
        };
        ServiceRegistration<AttributeType> plugin = context.registerService(AttributeType.class, stars, null);
        String rating = key("rating");
        Person p = person();
        try {
            assertTrue(attributes.types().stream().anyMatch(t -> t.name.equals(typeName) && t.storage.equals("number")));
            define("person", rating, typeName);
            assertEquals("must be 1 to 5 stars", messageOn(problem(400, () -> set(p.id, map(rating, 9))), "attributes." + rating));
            set(p.id, map(rating, 4));
            assertEquals(Map.of("stars", 4), read(p.id).get(rating));
        } finally {
            plugin.unregister();
        }
        assertFalse(attributes.types().stream().anyMatch(t -> t.name.equals(typeName)));
        assertEquals(Map.of("stars", 4), read(p.id).get(rating), "the last written JSON");
        assertEquals("the type '" + typeName + "' is not installed; the value is read-only until it returns",
                messageOn(problem(409, () -> set(p.id, map(rating, 5))), "attributes." + rating));
        // the definition can still be archived without its type
        assertTrue(attributes.patch("person", rating, map("archived", true), null, "tester").archived);
        problem(400, () -> attributes.patch("person", rating, map("type", "also_missing"), null, "tester"));
    }

    @Test
    void deletingAPersonDeletesItsValues() {
        String plan = key("plan");
        define("person", plan, "text");
        Person p = person(), other = person();
        set(p.id, map(plan, "gone soon"));
        set(other.id, map(plan, "stays"));
        people.delete(p.id, null, "tester");
        await(() -> attributes.values("person", p.id).isEmpty(), "the deleted person's values are gone");
        assertEquals("stays", read(other.id).get(plan));
    }

    @Test
    void deletingAPersonWhileTheBundleIsStoppedDeletesItsValuesOnStart() throws Exception {
        String plan = key("plan");
        define("person", plan, "text");
        Person p = person();
        set(p.id, map(plan, "gone after restart"));
        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.attributes")) {
            people.delete(p.id, null, "tester");
        }
        await(() -> {
            AttributesService fresh = service(AttributesService.class);
            return fresh != null && fresh.values("person", p.id).isEmpty();
        }, "the values of the person deleted while the bundle was stopped are gone");
    }

    @Test
    void theRestResourcesOverHttp() throws Exception {
        Client http = new Client(Http.connect());
        http.await("/api/v1/attribute-types", 200);
        String k = key("seats");

        HttpResponse<String> created = http.send("POST", "/api/v1/attributes", null,
                "{\"key\":\"" + k + "\",\"model\":\"company\",\"label\":\"Seats\",\"type\":\"number\",\"description\":\"Licensed seats\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/v1/attributes/company/" + k), created.headers().toString());
        String etag = created.headers().firstValue("ETag").orElseThrow();
        Map<String, Object> body = JsonText.object(created.body());
        assertEquals(k, body.get("key"));
        assertEquals("company", body.get("model"));
        assertEquals("number", body.get("type"));
        assertEquals(false, body.get("archived"));
        assertNotNull(body.get("created_at"));
        assertNotNull(body.get("updated_at"));

        assertEquals(409, http.send("POST", "/api/v1/attributes", null,
                "{\"key\":\"" + k + "\",\"model\":\"company\",\"label\":\"Again\",\"type\":\"text\"}").statusCode());
        HttpResponse<String> badType = http.send("POST", "/api/v1/attributes", null,
                "{\"key\":\"x_" + unique() + "\",\"model\":\"person\",\"label\":\"X\",\"type\":\"colour\"}");
        assertEquals(400, badType.statusCode());
        assertTrue(badType.body().contains("installed types are") && badType.body().contains("multi-list"), badType.body());
        HttpResponse<String> extra = http.send("POST", "/api/v1/attributes", null,
                "{\"key\":\"x_" + unique() + "\",\"model\":\"person\",\"label\":\"X\",\"type\":\"text\",\"extra\":1}");
        assertEquals(400, extra.statusCode());
        assertTrue(extra.body().contains("\"field\":\"extra\""), extra.body());

        HttpResponse<String> one = http.send("GET", "/api/v1/attributes/company/" + k, null, null);
        assertEquals(200, one.statusCode());
        assertEquals(etag, one.headers().firstValue("ETag").orElseThrow());
        assertEquals(404, http.send("GET", "/api/v1/attributes/person/" + k, null, null).statusCode());
        assertEquals(400, http.send("GET", "/api/v1/attributes/animal/" + k, null, null).statusCode());

        List<String> companyKeys = keys(http.send("GET", "/api/v1/attributes?model=company&limit=200", null, null));
        assertTrue(companyKeys.contains(k));
        String personKey = key("vip");
        assertEquals(201, http.send("POST", "/api/v1/attributes", null,
                "{\"key\":\"" + personKey + "\",\"model\":\"person\",\"label\":\"VIP\",\"type\":\"boolean\"}").statusCode());
        List<String> both = keys(http.send("GET", "/api/v1/attributes?limit=2", null, null));
        assertEquals(List.of(personKey, k), both, "both models, newest first");
        assertFalse(keys(http.send("GET", "/api/v1/attributes?model=company", null, null)).contains(personKey));
        Map<String, Object> firstPage = JsonText.object(http.send("GET", "/api/v1/attributes?limit=1", null, null).body());
        String next = (String) firstPage.get("next_cursor");
        assertNotNull(next);
        assertEquals(List.of(k), keys(http.send("GET", "/api/v1/attributes?limit=1&cursor=" + next, null, null)));

        assertEquals(400, http.send("PATCH", "/api/v1/attributes/company/" + k, null, "{\"key\":\"renamed\"}").statusCode());
        assertEquals(412, http.send("PATCH", "/api/v1/attributes/company/" + k, "\"999\"", "{\"label\":\"x\"}").statusCode());
        HttpResponse<String> patched = http.send("PATCH", "/api/v1/attributes/company/" + k, etag, "{\"label\":\"Seat count\",\"archived\":true}");
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals("Seat count", JsonText.object(patched.body()).get("label"));
        assertEquals(true, JsonText.object(patched.body()).get("archived"));
        assertFalse(etag.equals(patched.headers().firstValue("ETag").orElseThrow()));

        HttpResponse<String> types = http.send("GET", "/api/v1/attribute-types", null, null);
        assertEquals(200, types.statusCode());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> typeList = (List<Map<String, Object>>) JsonText.object(types.body()).get("data");
        Map<String, Object> multi = typeList.stream().filter(t -> "multi-list".equals(t.get("name"))).findFirst().orElseThrow();
        assertEquals("text_list", multi.get("storage"));
        assertEquals(true, multi.get("uses_options"));
        assertNotNull(multi.get("label"));
        assertEquals(9, typeList.stream().filter(t -> List.of("text", "number", "boolean", "date", "datetime", "list", "multi-list",
                "url", "email").contains(t.get("name"))).count());

        HttpResponse<String> deleted = http.send("DELETE", "/api/v1/attributes/company/" + k, null, null);
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals(0L, ((Number) JsonText.object(deleted.body()).get("values_deleted")).longValue());
        assertEquals(404, http.send("GET", "/api/v1/attributes/company/" + k, null, null).statusCode());
        assertEquals(404, http.send("DELETE", "/api/v1/attributes/company/" + k, null, null).statusCode());
    }

    @Test
    void valuesAreSetAndReadOnThePersonOverHttp() throws Exception {
        Client http = new Client(Http.connect());
        String plan = key("plan");
        define("person", plan, "list", "basic", "pro");
        HttpResponse<String> created = http.send("POST", "/api/v1/people", null,
                "{\"name\":\"Http Attr\",\"attributes\":{\"" + plan + "\":\"basic\"}}");
        assertEquals(201, created.statusCode(), created.body());
        String id = (String) JsonText.object(created.body()).get("id");

        HttpResponse<String> patched = http.send("PATCH", "/api/v1/people/" + id, null, "{\"attributes\":{\"" + plan + "\":\"pro\"}}");
        assertEquals(200, patched.statusCode(), patched.body());
        HttpResponse<String> read = http.send("GET", "/api/v1/people/" + id, null, null);
        assertEquals(Map.of(plan, "pro"), JsonText.object(read.body()).get("attributes"), read.body());

        HttpResponse<String> bad = http.send("PATCH", "/api/v1/people/" + id, null, "{\"attributes\":{\"" + plan + "\":\"gold\"}}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("\"attributes." + plan + "\"") && bad.body().contains("not an option"), bad.body());

        assertEquals(200, http.send("DELETE", "/api/v1/attributes/person/" + plan, null, null).statusCode());
        assertEquals(Map.of(), JsonText.object(http.send("GET", "/api/v1/people/" + id, null, null).body()).get("attributes"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> keys(HttpResponse<String> page) {
        assertEquals(200, page.statusCode(), page.body());
        return ((List<Map<String, Object>>) JsonText.object(page.body()).get("data")).stream().map(d -> (String) d.get("key"))
                .collect(Collectors.toList());
    }

    private <T> T service(Class<T> type) {
        ServiceReference<T> ref = context.getServiceReference(type);
        return ref == null ? null : context.getService(ref);
    }

    private static void await(Supplier<Boolean> condition, String what) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (RuntimeException e) {
                // a service going away while its bundle restarts: try again
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("Not within 20 s: " + what);
    }

    /** Bundles by symbolic name. */

    /** Real HTTP with any method, If-Match and a JSON body, as the admin. */
    static final class Client {
        private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final Http http;

        Client(Http http) {
            this.http = http;
        }

        HttpResponse<String> send(String method, String path, String ifMatch, String json) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(http.base + path)).timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + http.adminToken)
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                r.header("Content-Type", "application/json");
            }
            if (ifMatch != null) {
                r.header("If-Match", ifMatch);
            }
            return CLIENT.send(r.build(), HttpResponse.BodyHandlers.ofString());
        }

        void await(String path, int status) throws Exception {
            http.await(path, status, false);
        }
    }

    /** A small JSON reader for answers: objects, arrays, strings, numbers (BigDecimal or Long), booleans, null. */
    static final class JsonText {
        private final String s;
        private int i;

        private JsonText(String s) {
            this.s = s;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(String json) {
            JsonText p = new JsonText(json);
            Object v = p.value();
            p.space();
            if (p.i != json.length() || !(v instanceof Map)) {
                throw new AssertionError("Not a JSON object: " + json);
            }
            return (Map<String, Object>) v;
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            space();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new HashMap<>();
                i++;
                space();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    space();
                    String k = string();
                    space();
                    expect(':');
                    m.put(k, value());
                    space();
                    if (s.charAt(i++) == '}') {
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                space();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    space();
                    if (s.charAt(i++) == ']') {
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return true;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return false;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String n = s.substring(start, i);
            return n.matches("-?\\d+") ? (Object) Long.valueOf(n) : new BigDecimal(n);
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) {
                throw new AssertionError("Expected " + c + " at " + (i - 1) + " in " + s);
            }
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                    case 'n': sb.append('\n'); break;
                    case 't': sb.append('\t'); break;
                    case 'r': sb.append('\r'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'u': sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                    default: sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }
    }

    /**
     * Read-modify-write of an attribute with If-Match from several clients at once: every write that was
     * answered 200 is in the final value, the others were refused with 412 (no lost update).
     */
    @Test
    void ifMatchProtectsAttributesFromLostUpdates() throws Exception {
        String counter = key("counter");
        define("person", counter, "number");
        String id = person().id;
        TagsNotesApi api = TagsNotesApi.connect();
        String path = "/api/v1/people/" + id;
        api.call("PATCH", path, "{\"attributes\":{\"" + counter + "\":0}}").expect(200);
        int clients = 4;
        int writesEach = 8;
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                int mine = 0;
                for (int attempt = 0; mine < writesEach && attempt < 500; attempt++) {
                    TagsNotesApi.Answer read = api.call("GET", path, null).expect(200);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> values = (Map<String, Object>) read.object().get("attributes");
                    long value = ((Number) values.get(counter)).longValue();
                    TagsNotesApi.Answer write = api.call("PATCH", path, "{\"attributes\":{\"" + counter + "\":" + (value + 1) + "}}",
                            api.http.adminToken, read.header("ETag"));
                    if (write.status() == 200) {
                        mine++;
                        written.incrementAndGet();
                    } else {
                        write.expect(412);
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) api.call("GET", path, null).expect(200).object().get("attributes");
        assertEquals(clients * writesEach, written.get(), "every client got its writes through, retrying on 412");
        assertEquals(written.get(), ((Number) values.get(counter)).longValue(),
                "each write answered 200 is in the value (" + refused.get() + " were refused with 412)");
    }
}
