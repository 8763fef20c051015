package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.conversations.spi.Delivery;
import io.rapport.conversations.spi.Inbox;
import io.rapport.conversations.spi.InboundMessage;
import io.rapport.itests.AttributesIT.JsonText;
import io.rapport.platform.api.PluginGuard;

/**
 * The search fields that tags, custom attributes, companies (on people) and conversations contribute,
 * over real HTTP: what each finds, that a change is found within a second of its write, and that a
 * bundle's fields vanish with it (a 400 naming the field and saying why) and return with it.
 */
public class SearchProvidersIT {
    /** Changes are searchable within a second of the write being acknowledged. */
    private static final long FRESH_MS = 1000;
    /** What a (re)load of a provider may take here. */
    private static final long LOAD_MS = 20_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20000)
    Inbox inbox;

    @InjectService(timeout = 20000)
    PluginGuard guard;

    private Http http;
    private String u;
    private final List<Bundle> installed = new ArrayList<>();
    private final List<String> cleanup = new ArrayList<>();

    @BeforeEach
    void connect() throws Exception {
        http = Http.connect();
        u = UUID.randomUUID().toString().substring(0, 8);
        long deadline = System.currentTimeMillis() + LOAD_MS;
        HttpResponse<String> r;
        do {
            r = http.post("/api/v1/people/search", "{\"limit\":1}");
            if (r.statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("The search does not answer: " + r.statusCode() + " " + r.body());
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (String path : cleanup) {
            http.send("DELETE", path);
        }
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
            guard.forget(b.getBundleId());
        }
        if (!installed.isEmpty()) {
            CountDownLatch refreshed = new CountDownLatch(1);
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(installed, e -> refreshed.countDown());
            assertTrue(refreshed.await(10, TimeUnit.SECONDS), "refreshed");
        }
    }

    // ---- helpers ----

    private String create(String path, String json) throws Exception {
        HttpResponse<String> r = http.post(path, json);
        assertEquals(201, r.statusCode(), path + " " + r.body());
        return (String) JsonText.object(r.body()).get("id");
    }

    private String person(String name) throws Exception {
        return create("/api/v1/people", "{\"name\":\"" + name + "\",\"emails\":[\"" + name.toLowerCase().replace(' ', '.') + "." + u
                + "@example.com\"]}");
    }

    private void send(int status, String method, String path, String... json) throws Exception {
        HttpResponse<String> r = http.send(method, path, json);
        assertEquals(status, r.statusCode(), method + " " + path + " " + r.body());
    }

    private static String cond(String field, String operator, String valueJson) {
        return "{\"field\":\"" + field + "\",\"operator\":\"" + operator + "\"" + (valueJson == null ? "" : ",\"value\":" + valueJson) + "}";
    }

    private static String and(String... conditions) {
        return "{\"and\":[" + String.join(",", conditions) + "]}";
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    private HttpResponse<String> search(String model, String query) throws Exception {
        return http.post("/api/v1/" + ("company".equals(model) ? "companies" : "people") + "/search",
                "{\"query\":" + query + ",\"limit\":100}");
    }

    private static Set<String> ids(HttpResponse<String> r) {
        Set<String> ids = new TreeSet<>();
        for (Object item : (List<?>) JsonText.object(r.body()).get("data")) {
            ids.add((String) ((Map<?, ?>) item).get("id"));
        }
        return ids;
    }

    /** Polls until the query finds exactly {@code expected}, failing after {@code ms}. */
    private void await(String model, String query, long ms, String... expected) throws Exception {
        Set<String> want = new TreeSet<>(Arrays.asList(expected));
        long deadline = System.currentTimeMillis() + ms;
        HttpResponse<String> r;
        do {
            r = search(model, query);
            if (r.statusCode() == 200 && ids(r).equals(want)) {
                assertEquals(want.size(), ((Number) JsonText.object(r.body()).get("total")).intValue(), r.body());
                return;
            }
            Thread.sleep(20);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError(query + " did not find " + want + " within " + ms + " ms; last: " + r.statusCode() + " " + r.body());
    }

    private void fresh(String model, String query, String... expected) throws Exception {
        await(model, query, FRESH_MS, expected);
    }

    /** The 400 on a query's field, as soon as it comes (within {@code ms}): its message. */
    private String rejected(String model, String query, long ms) throws Exception {
        long deadline = System.currentTimeMillis() + ms;
        HttpResponse<String> r;
        while ((r = search(model, query)).statusCode() != 400 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(400, r.statusCode(), r.body());
        List<?> errors = (List<?>) JsonText.object(r.body()).get("errors");
        assertEquals("query.field", ((Map<?, ?>) errors.get(0)).get("field"), r.body());
        return (String) ((Map<?, ?>) errors.get(0)).get("message");
    }

    // ---- tags ----

    @Test
    void tagsAreFoundByNameOrIdAndFollowLinksRenamesAndDeletes() throws Exception {
        String tag = create("/api/v1/tags", "{\"name\":\"VIP " + u + "\"}");
        cleanup.add("/api/v1/tags/" + tag);
        String ann = person("Ann Tagged");
        String bob = person("Bob Tagged");
        String acme = create("/api/v1/companies", "{\"name\":\"Tagged " + u + "\"}");
        cleanup.add("/api/v1/companies/" + acme);
        send(204, "PUT", "/api/v1/people/" + ann + "/tags/" + tag);
        send(204, "PUT", "/api/v1/companies/" + acme + "/tags/" + tag);

        fresh("person", cond("tags", "=", q("vip " + u)), ann); // names compare ignoring case
        fresh("person", cond("tags", "=", q(tag)), ann);
        fresh("company", cond("tags", "in", "[" + q("VIP " + u) + "]"), acme);
        await("person", and(cond("emails", "contains", q(u)), cond("tags", "is_absent", null)), FRESH_MS, bob);

        send(204, "PUT", "/api/v1/people/" + bob + "/tags/" + tag);
        fresh("person", cond("tags", "=", q(tag)), ann, bob);
        send(204, "DELETE", "/api/v1/people/" + ann + "/tags/" + tag);
        fresh("person", cond("tags", "=", q(tag)), bob);

        send(200, "PATCH", "/api/v1/tags/" + tag, "{\"name\":\"Gold " + u + "\"}");
        fresh("person", cond("tags", "=", q("gold " + u)), bob);
        fresh("company", cond("tags", "=", q("gold " + u)), acme);
        fresh("person", cond("tags", "=", q("vip " + u)));

        send(200, "DELETE", "/api/v1/tags/" + tag);
        fresh("person", cond("tags", "=", q(tag)));
        fresh("company", cond("tags", "contains", q(u)));
    }

    @Test
    void theTagsFieldVanishesAndReturnsWithItsBundle() throws Exception {
        String tag = create("/api/v1/tags", "{\"name\":\"Lifecycle " + u + "\"}");
        cleanup.add("/api/v1/tags/" + tag);
        String ann = person("Ann Lifecycle");
        send(204, "PUT", "/api/v1/people/" + ann + "/tags/" + tag);
        fresh("person", cond("tags", "=", q(tag)), ann);

        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.tags")) {
            String message = rejected("person", cond("tags", "=", q(tag)), 0);
            assertTrue(message.contains("'tags'") && message.contains("io.rapport.tags") && message.contains("not running"), message);
            fresh("person", cond("emails", "contains", q("ann.lifecycle." + u)), ann); // the rest keeps working
        }
        await("person", cond("tags", "=", q(tag)), LOAD_MS, ann);
    }

    // ---- custom attributes ----

    @Test
    void attributesAreSearchableByTheirTypes() throws Exception {
        String tier = "tier_" + u, seats = "seats_" + u, renewal = "renewal_" + u, trial = "trial_" + u, langs = "langs_" + u;
        create("/api/v1/attributes", "{\"model\":\"person\",\"key\":\"" + tier + "\",\"label\":\"Tier\",\"type\":\"text\"}");
        create("/api/v1/attributes", "{\"model\":\"person\",\"key\":\"" + seats + "\",\"label\":\"Seats\",\"type\":\"number\"}");
        create("/api/v1/attributes", "{\"model\":\"person\",\"key\":\"" + renewal + "\",\"label\":\"Renewal\",\"type\":\"date\"}");
        create("/api/v1/attributes", "{\"model\":\"person\",\"key\":\"" + trial + "\",\"label\":\"Trial\",\"type\":\"boolean\"}");
        create("/api/v1/attributes", "{\"model\":\"person\",\"key\":\"" + langs + "\",\"label\":\"Languages\",\"type\":\"multi-list\","
                + "\"options\":[\"en\",\"fr\",\"de\"]}");
        for (String k : List.of(tier, seats, renewal, trial, langs)) {
            cleanup.add("/api/v1/attributes/person/" + k);
        }
        String ann = person("Ann Attributes");
        String bob = person("Bob Attributes");
        send(200, "PATCH", "/api/v1/people/" + ann, "{\"attributes\":{\"" + tier + "\":\"Gold\",\"" + seats + "\":25,\"" + renewal
                + "\":\"2024-05-31\",\"" + trial + "\":true,\"" + langs + "\":[\"en\",\"fr\"]}}");
        send(200, "PATCH", "/api/v1/people/" + bob, "{\"attributes\":{\"" + tier + "\":\"Silver\",\"" + seats + "\":5,\"" + trial + "\":false}}");

        String a = "attributes.";
        fresh("person", cond(a + tier, "=", q("gold")), ann);
        fresh("person", cond(a + seats, ">", "10"), ann);
        fresh("person", cond(a + seats, "between", "[1, 30]"), ann, bob);
        fresh("person", cond(a + renewal, "=", q("2024-05-31")), ann); // a date is its whole UTC day
        fresh("person", cond(a + renewal, "<", q("2024-05-31T00:00:01Z")), ann);
        fresh("person", cond(a + renewal, ">", q("2024-05-31T00:00:00Z")));
        fresh("person", cond(a + trial, "=", "false"), bob);
        fresh("person", cond(a + langs, "=", q("fr")), ann);
        fresh("person", and(cond(a + seats, "is_present", null), cond(a + renewal, "is_absent", null)), bob);
        HttpResponse<String> wrongOperator = search("person", cond(a + trial, ">", "true"));
        assertEquals(400, wrongOperator.statusCode(), wrongOperator.body());

        // a change is found within a second
        send(200, "PATCH", "/api/v1/people/" + bob, "{\"attributes\":{\"" + seats + "\":50,\"" + tier + "\":null}}");
        fresh("person", cond(a + seats, ">", "10"), ann, bob);
        fresh("person", cond(a + tier, "is_present", null), ann);

        // archived attributes stay searchable (only writing them is refused)
        send(200, "PATCH", "/api/v1/attributes/person/" + seats, "{\"archived\":true}");
        fresh("person", cond(a + seats, ">=", "25"), ann, bob);

        // a deleted definition takes its values along: defined anew, the key has none
        send(200, "DELETE", "/api/v1/attributes/person/" + seats);
        String message = rejected("person", cond(a + seats, ">", "10"), FRESH_MS);
        assertTrue(message.contains("unknown field"), message);
        create("/api/v1/attributes", "{\"model\":\"person\",\"key\":\"" + seats + "\",\"label\":\"Seats again\",\"type\":\"number\"}");
        fresh("person", cond(a + seats, "is_present", null));

        // companies have attributes too
        String plan = "plan_" + u;
        create("/api/v1/attributes", "{\"model\":\"company\",\"key\":\"" + plan + "\",\"label\":\"Plan\",\"type\":\"list\","
                + "\"options\":[\"basic\",\"pro\"]}");
        cleanup.add("/api/v1/attributes/company/" + plan);
        String acme = create("/api/v1/companies", "{\"name\":\"Attributed " + u + "\"}");
        cleanup.add("/api/v1/companies/" + acme);
        send(200, "PATCH", "/api/v1/companies/" + acme, "{\"attributes\":{\"" + plan + "\":\"pro\"}}");
        fresh("company", cond(a + plan, "=", q("PRO")), acme);
        String other = rejected("person", cond(a + plan, "is_present", null), 0);
        assertTrue(other.contains("unknown field"), "attributes are per model: " + other);
    }

    @Test
    void anAttributeOfAPluginTypeVanishesAndReturnsWithItsPlugin() throws Exception {
        Bundle plugin = context.installBundle("search-it:currency:" + u, TestBundles.shipped("io.rapport.attributes.currency"));
        installed.add(plugin);
        plugin.start();
        String budget = "budget_" + u;
        long deadline = System.currentTimeMillis() + LOAD_MS;
        HttpResponse<String> defined;
        do { // the type registers as the plugin starts
            defined = http.post("/api/v1/attributes", "{\"model\":\"person\",\"key\":\"" + budget + "\",\"label\":\"Budget\",\"type\":\"currency\","
                    + "\"options\":[\"EUR\"]}");
        } while (defined.statusCode() == 400 && System.currentTimeMillis() < deadline && sleep(100));
        assertEquals(201, defined.statusCode(), defined.body());
        cleanup.add("/api/v1/attributes/person/" + budget);
        String ann = person("Ann Budget");
        send(200, "PATCH", "/api/v1/people/" + ann, "{\"attributes\":{\"" + budget + "\":\"1250.50\"}}");
        String field = "attributes." + budget;
        await("person", cond(field, ">", "1000"), LOAD_MS, ann); // the plugin's arrival reloads the attributes' fields

        plugin.stop();
        String message = rejected("person", cond(field, ">", "1000"), LOAD_MS);
        assertTrue(message.contains("'currency'") && message.contains("not installed"), message);

        plugin.start();
        await("person", cond(field, ">", "1000"), LOAD_MS, ann);
    }

    private static boolean sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
        return true;
    }

    // ---- a person's companies ----

    @Test
    void peopleAreFoundByTheirCompaniesFields() throws Exception {
        String acme = create("/api/v1/companies", "{\"name\":\"Acme " + u + "\",\"industry\":\"Retail " + u + "\",\"size\":50,"
                + "\"domain\":\"acme-" + u + ".example\"}");
        String beta = create("/api/v1/companies", "{\"name\":\"Beta " + u + "\",\"industry\":\"Software\",\"size\":10}");
        cleanup.add("/api/v1/companies/" + acme);
        cleanup.add("/api/v1/companies/" + beta);
        String ann = person("Ann Member");
        String bob = person("Bob Member");
        String cid = person("Cid Member");
        send(204, "PUT", "/api/v1/companies/" + acme + "/people/" + ann);
        send(204, "PUT", "/api/v1/companies/" + acme + "/people/" + bob);
        send(204, "PUT", "/api/v1/companies/" + beta + "/people/" + bob);

        String ours = cond("emails", "contains", q(u));
        fresh("person", cond("companies.industry", "=", q("retail " + u)), ann, bob);
        fresh("person", cond("companies.id", "=", q(beta)), bob);
        fresh("person", cond("companies.domain", "ends_with", q(u + ".example")), ann, bob);
        fresh("person", and(ours, cond("companies.size", "<", "20")), bob);
        fresh("person", and(ours, cond("companies.name", "starts_with", q("beta"))), bob);
        fresh("person", and(ours, cond("companies.id", "is_absent", null)), cid);

        // a company's change reaches all its members; a link's change one person
        send(200, "PATCH", "/api/v1/companies/" + acme, "{\"industry\":\"Finance " + u + "\"}");
        fresh("person", cond("companies.industry", "=", q("finance " + u)), ann, bob);
        fresh("person", cond("companies.industry", "=", q("retail " + u)));
        send(204, "DELETE", "/api/v1/companies/" + acme + "/people/" + bob);
        fresh("person", cond("companies.id", "=", q(acme)), ann);
        fresh("person", and(ours, cond("companies.size", ">", "20")), ann);
    }

    // ---- conversations ----

    @Test
    void peopleAreFoundByTheirConversations() throws Exception {
        String channel = "search-" + u;
        Instant before = Instant.now().minusSeconds(1);
        Delivery first = inbox.deliver(InboundMessage.builder(channel, "visitor-" + u, "Hello").threadKey("t1").name("Conv " + u)
                .email("conv." + u + "@example.com").build());
        String person = first.personId();
        cleanup.add("/api/v1/people/" + person);
        String ours = cond("emails", "contains", q("conv." + u));
        fresh("person", and(ours, cond("conversations.count", "=", "1"), cond("conversations.open", "=", "1")), person);
        fresh("person", and(ours, cond("last_seen", ">=", q(before.toString()))), person);
        fresh("person", and(ours, cond("tickets.open", "=", "0")), person);

        Instant later = Instant.now();
        inbox.deliver(InboundMessage.builder(channel, "visitor-" + u, "Another question").threadKey("t2").build());
        fresh("person", and(ours, cond("conversations.count", "=", "2"), cond("last_seen", ">=", q(later.toString()))), person);

        send(200, "PATCH", "/api/v1/conversations/" + first.conversationId(), "{\"state\":\"closed\"}");
        fresh("person", and(ours, cond("conversations.open", "=", "1"), cond("conversations.count", "=", "2")), person);
        String second = (String) ((Map<?, ?>) ((List<?>) JsonText.object(http.get("/api/v1/people/" + person + "/conversations").body())
                .get("data")).get(0)).get("id");
        send(200, "PATCH", "/api/v1/conversations/" + second, "{\"ticket\":true}");
        fresh("person", and(ours, cond("tickets.open", "=", "1")), person);
        String quiet = person("Dan Quiet");
        fresh("person", and(cond("emails", "contains", q(u)), cond("conversations.count", "is_absent", null)), quiet);
    }
}
