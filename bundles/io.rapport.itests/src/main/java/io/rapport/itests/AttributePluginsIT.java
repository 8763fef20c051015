package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.attributes.api.AttributesService;
import io.rapport.itests.AttributesIT.JsonText;
import io.rapport.itests.attrplugins.HangingType;
import io.rapport.itests.attrplugins.ThrowingType;
import io.rapport.platform.api.PluginGuard;
import io.rapport.platform.api.PluginStatus;

/**
 * Attribute-type plugins installed into the running framework and removed again, over real HTTP: the
 * shipped {@code currency} and {@code phone} plugins (values set, refused, read raw and read-only while the
 * plugin is gone, alive again when it returns), and contained failures of hand-made plugins that throw or
 * hang.
 */
public class AttributePluginsIT {
    private static final String SPI_IMPORT = "io.rapport.attributes.spi;version=\"[1,2)\",org.osgi.framework";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20000)
    PluginGuard guard;

    @InjectService(timeout = 20000)
    AttributesService attributes;

    private Http http;
    private final List<Bundle> installed = new ArrayList<>();
    private final List<String> definitions = new ArrayList<>();

    @BeforeEach
    void connect() throws Exception {
        http = Http.connect();
        http.await("/api/v1/attribute-types", 200, false);
    }

    @AfterEach
    void removeWhatWasInstalled() throws Exception {
        for (String key : definitions) {
            http.send("DELETE", "/api/v1/attributes/person/" + key);
        }
        List<Bundle> gone = new ArrayList<>();
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
            guard.forget(b.getBundleId());
            gone.add(b);
        }
        if (!gone.isEmpty()) {
            // only the plugins themselves: nothing else is wired to them
            CountDownLatch refreshed = new CountDownLatch(1);
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(gone, e -> refreshed.countDown());
            assertTrue(refreshed.await(10, TimeUnit.SECONDS), "refreshed");
        }
    }

    @Test
    void theCurrencyPluginComesGoesAndComesBackWithItsValues() throws Exception {
        Bundle plugin = install("io.rapport.attributes.currency", TestBundles.shipped("io.rapport.attributes.currency"));
        Map<String, Object> type = awaitType("currency", true);
        assertEquals("number", type.get("storage"));
        assertEquals(true, type.get("uses_options"));

        String k = key("budget");
        HttpResponse<String> two = define(k, "currency", "[\"EUR\",\"USD\"]");
        assertEquals(400, two.statusCode(), two.body());
        assertTrue(two.body().contains("\"field\":\"options\"") && two.body().contains("exactly one ISO 4217"), two.body());
        HttpResponse<String> lower = define(k, "currency", "[\"eur\"]");
        assertEquals(400, lower.statusCode(), lower.body());
        assertTrue(lower.body().contains("not an ISO 4217 currency code"), lower.body());
        HttpResponse<String> defined = define(k, "currency", "[\"EUR\"]");
        assertEquals(201, defined.statusCode(), defined.body());
        assertEquals(true, json(defined).get("type_available"));

        String id = person();
        HttpResponse<String> set = patch(id, k, "{\"amount\":\"1250.5\",\"currency\":\"EUR\"}");
        assertEquals(200, set.statusCode(), set.body());
        assertEquals(Map.of("amount", "1250.50", "currency", "EUR"), values(set).get(k));
        assertEquals(Map.of(), json(set).get("attribute_status"));

        assertEquals("EUR amounts have at most 2 digits after the decimal point, was 12.345", reason(patch(id, k, "\"12.345\""), 400, k));
        assertTrue(reason(patch(id, k, "{\"amount\":\"3\",\"currency\":\"USD\"}"), 400, k).startsWith("must be in EUR, was 'USD'"));
        HttpResponse<String> bare = patch(id, k, "99");
        assertEquals(200, bare.statusCode(), bare.body());
        Map<String, Object> ninetyNine = Map.of("amount", "99.00", "currency", "EUR");
        assertEquals(ninetyNine, values(bare).get(k));

        uninstall(plugin);
        awaitType("currency", false);
        Map<String, Object> raw = json(http.get("/api/v1/people/" + id));
        assertEquals(ninetyNine, ((Map<?, ?>) raw.get("attributes")).get(k), "as last written");
        assertEquals(Map.of(k, "type-unavailable"), raw.get("attribute_status"));
        assertEquals(false, json(http.get("/api/v1/attributes/person/" + k)).get("type_available"));
        HttpResponse<String> readOnly = patch(id, k, "5");
        String message = reason(readOnly, 409, k);
        assertTrue(message.contains("'currency'") && message.contains("not installed") && message.contains("read-only"), message);
        assertTrue(json(readOnly).get("detail").toString().contains("'currency'"), readOnly.body());
        assertEquals(409, patch(id, k, "null").statusCode(), "removing is writing too");

        install("io.rapport.attributes.currency", TestBundles.shipped("io.rapport.attributes.currency"));
        awaitType("currency", true);
        Map<String, Object> back = json(http.get("/api/v1/people/" + id));
        assertEquals(ninetyNine, ((Map<?, ?>) back.get("attributes")).get(k));
        assertEquals(Map.of(), back.get("attribute_status"));
        assertEquals(true, json(http.get("/api/v1/attributes/person/" + k)).get("type_available"));
        HttpResponse<String> writable = patch(id, k, "\"10\"");
        assertEquals(200, writable.statusCode(), writable.body());
        assertEquals(Map.of("amount", "10.00", "currency", "EUR"), values(writable).get(k));
    }

    @Test
    void thePhonePluginNormalisesNumbersAndKeepsThemWhileItIsGone() throws Exception {
        Bundle plugin = install("io.rapport.attributes.phone", TestBundles.shipped("io.rapport.attributes.phone"));
        Map<String, Object> type = awaitType("phone", true);
        assertEquals("text", type.get("storage"));

        String k = key("phone");
        HttpResponse<String> noRegion = define(k, "phone", "[\"GB\",\"US\"]");
        assertEquals(400, noRegion.statusCode(), noRegion.body());
        assertTrue(noRegion.body().contains("default region"), noRegion.body());
        assertEquals(201, define(k, "phone", "[\"GB\"]").statusCode());

        String id = person();
        HttpResponse<String> set = patch(id, k, "\"020 7946 0958\"");
        assertEquals(200, set.statusCode(), set.body());
        Map<String, Object> london = Map.of("e164", "+442079460958", "international", "+44 20 7946 0958", "national", "020 7946 0958",
                "country", "GB", "type", "fixed_line");
        assertEquals(london, values(set).get(k));
        assertEquals("'020 7946' is not a valid phone number for GB", reason(patch(id, k, "\"020 7946\""), 400, k));
        assertTrue(reason(patch(id, k, "\"call me\""), 400, k).startsWith("'call me' is not a phone number"));
        // what a client read, sent back, is the same number
        HttpResponse<String> again = patch(id, k, "{\"e164\":\"+442079460958\",\"international\":\"+44 20 7946 0958\","
                + "\"national\":\"020 7946 0958\",\"country\":\"GB\",\"type\":\"fixed_line\"}");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(london, values(again).get(k));

        uninstall(plugin);
        awaitType("phone", false);
        Map<String, Object> raw = json(http.get("/api/v1/people/" + id));
        assertEquals(london, ((Map<?, ?>) raw.get("attributes")).get(k));
        assertEquals(Map.of(k, "type-unavailable"), raw.get("attribute_status"));
        assertTrue(reason(patch(id, k, "\"+1 415 555 0132\""), 409, k).contains("'phone'"));

        install("io.rapport.attributes.phone", TestBundles.shipped("io.rapport.attributes.phone"));
        awaitType("phone", true);
        assertEquals(Map.of(), json(http.get("/api/v1/people/" + id)).get("attribute_status"));
        HttpResponse<String> us = patch(id, k, "\"+1 415 555 0132\"");
        assertEquals(200, us.statusCode(), us.body());
        Map<?, ?> number = (Map<?, ?>) values(us).get(k);
        assertEquals("+14155550132", number.get("e164"));
        assertEquals("US", number.get("country"));
    }

    @Test
    void aTypeThatThrowsIsContained() throws Exception {
        Bundle plugin = install("attrplugins:throwingtype", TestBundles.bundle("io.rapport.itests.throwingtype")
                .header("Bundle-Activator", ThrowingType.Activator.class.getName()).header("Import-Package", SPI_IMPORT)
                .classes(ThrowingType.class).stream());
        awaitType(ThrowingType.NAME, true);
        String k = key("broken");
        assertEquals(201, define(k, ThrowingType.NAME, null).statusCode());
        String id = person();

        HttpResponse<String> failed = patch(id, k, "\"throw\"");
        assertEquals(502, failed.statusCode(), failed.body());
        assertTrue(failed.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), failed.headers().toString());
        assertTrue(json(failed).get("detail").toString().contains("io.rapport.itests.throwingtype"), failed.body());
        assertEquals(200, http.get("/api/v1/people?limit=5").statusCode(), "other requests go on");
        PluginStatus status = statusOf(plugin);
        assertEquals(PluginStatus.State.FAILED, status.state);
        assertTrue(status.message.contains("AttributeType.parse"), status.message);

        // a call that works marks it OK again; a format that throws does not fail the read
        HttpResponse<String> fine = patch(id, k, "\"fine\"");
        assertEquals(200, fine.statusCode(), fine.body());
        assertEquals(PluginStatus.State.OK, statusOf(plugin).state);
        System.setProperty(ThrowingType.FAIL_FORMAT, "true");
        try {
            HttpResponse<String> read = http.get("/api/v1/people/" + id);
            assertEquals(200, read.statusCode(), read.body());
            assertEquals("fine", values(read).get(k), "as last written");
            assertEquals(Map.of(k, "type-failed"), json(read).get("attribute_status"));
            assertEquals(PluginStatus.State.FAILED, statusOf(plugin).state);
        } finally {
            System.clearProperty(ThrowingType.FAIL_FORMAT);
        }
        assertEquals(Map.of(), json(http.get("/api/v1/people/" + id)).get("attribute_status"));
    }

    @Test
    void aTypeThatHangsIsContainedWithinTheConfiguredTime() throws Exception {
        Config config = new Config("io.rapport.attributes");
        config.set("plugin.timeout.ms", 1500L);
        try {
            await(() -> Long.valueOf(1500).equals(timeoutInService()), "plugin.timeout.ms applied");
            Bundle plugin = install("attrplugins:hangingtype", TestBundles.bundle("io.rapport.itests.hangingtype")
                    .header("Bundle-Activator", HangingType.Activator.class.getName()).header("Import-Package", SPI_IMPORT)
                    .classes(HangingType.class).stream());
            awaitType(HangingType.NAME, true);
            String k = key("slow"), other = key("slow");
            assertEquals(201, define(k, HangingType.NAME, null).statusCode());
            assertEquals(201, define(other, HangingType.NAME, null).statusCode());
            String id = person();

            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> hanging = CompletableFuture.supplyAsync(() -> {
                try {
                    return patch(id, k, "\"hang\"");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            long listStart = System.nanoTime();
            HttpResponse<String> list = http.get("/api/v1/people?limit=5");
            long listMillis = (System.nanoTime() - listStart) / 1_000_000;
            assertEquals(200, list.statusCode(), list.body());
            assertFalse(hanging.isDone(), "the list answered (in " + listMillis + " ms) while the plugin was still hanging");

            HttpResponse<String> timedOut = hanging.get(20, TimeUnit.SECONDS);
            long patchMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(504, timedOut.statusCode(), timedOut.body());
            String detail = json(timedOut).get("detail").toString();
            assertTrue(detail.contains("io.rapport.itests.hangingtype") && detail.contains("1500 ms"), detail);
            assertTrue(patchMillis < 5000, "answered after " + patchMillis + " ms");
            assertEquals(PluginStatus.State.DEGRADED, statusOf(plugin).state);

            // a format that hangs does not fail the read, and the read waits for the plugin once, not per value
            HttpResponse<String> set = http.send("PATCH", "/api/v1/people/" + id, "{\"attributes\":{\"" + k + "\":\"a\",\"" + other + "\":\"b\"}}");
            assertEquals(200, set.statusCode(), set.body());
            System.setProperty(HangingType.HANG_FORMAT, "true");
            try {
                long readStart = System.nanoTime();
                HttpResponse<String> read = http.get("/api/v1/people/" + id);
                long readMillis = (System.nanoTime() - readStart) / 1_000_000;
                assertEquals(200, read.statusCode(), read.body());
                assertEquals(Map.of(k, "a", other, "b"), values(read), "as last written");
                assertEquals(Map.of(k, "type-failed", other, "type-failed"), json(read).get("attribute_status"));
                assertTrue(readMillis < 2900, "one time limit for both values, not two: " + readMillis + " ms");
            } finally {
                System.clearProperty(HangingType.HANG_FORMAT);
            }
        } finally {
            config.restore();
        }
        Object restored = config.before("plugin.timeout.ms", 2000L);
        await(() -> restored.equals(timeoutInService()), "plugin.timeout.ms restored");
    }

    // ---- helpers

    private Bundle install(String location, InputStream jar) throws Exception {
        Bundle b = context.installBundle(location + "#" + UUID.randomUUID(), jar);
        installed.add(b);
        b.start();
        return b;
    }

    private void uninstall(Bundle b) throws Exception {
        b.uninstall();
        guard.forget(b.getBundleId());
    }

    /** The type as {@code GET /api/v1/attribute-types} lists it, once it is (or is no longer) listed. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitType(String name, boolean listed) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            HttpResponse<String> types = http.get("/api/v1/attribute-types");
            assertEquals(200, types.statusCode(), types.body());
            Map<String, Object> found = ((List<Map<String, Object>>) json(types).get("data")).stream()
                    .filter(t -> name.equals(t.get("name"))).findFirst().orElse(null);
            if ((found != null) == listed) {
                return found;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("The type " + name + (listed ? " was not listed" : " was still listed") + " within 20 s: " + types.body());
            }
            Thread.sleep(50);
        }
    }

    private static String key(String name) {
        return name + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private HttpResponse<String> define(String key, String type, String options) throws Exception {
        HttpResponse<String> r = http.post("/api/v1/attributes", "{\"key\":\"" + key + "\",\"model\":\"person\",\"label\":\"Plugin " + key
                + "\",\"type\":\"" + type + "\"" + (options == null ? "" : ",\"options\":" + options) + "}");
        if (r.statusCode() == 201) {
            definitions.add(key);
        }
        return r;
    }

    private String person() throws Exception {
        HttpResponse<String> r = http.post("/api/v1/people", "{\"name\":\"Plugin Tester " + UUID.randomUUID().toString().substring(0, 8) + "\"}");
        assertEquals(201, r.statusCode(), r.body());
        return (String) json(r).get("id");
    }

    private HttpResponse<String> patch(String personId, String key, String valueJson) throws Exception {
        return http.send("PATCH", "/api/v1/people/" + personId, "{\"attributes\":{\"" + key + "\":" + valueJson + "}}");
    }

    private static Map<String, Object> json(HttpResponse<String> r) {
        return JsonText.object(r.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> values(HttpResponse<String> r) {
        return (Map<String, Object>) json(r).get("attributes");
    }

    /** The message on {@code attributes.<key>} of a problem with this status. */
    @SuppressWarnings("unchecked")
    private static String reason(HttpResponse<String> r, int status, String key) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.headers().toString());
        List<Map<String, Object>> errors = (List<Map<String, Object>>) json(r).get("errors");
        assertNotNull(errors, r.body());
        return errors.stream().filter(e -> ("attributes." + key).equals(e.get("field"))).map(e -> (String) e.get("message")).findFirst()
                .orElseThrow(() -> new AssertionError("No error on attributes." + key + ": " + r.body()));
    }

    private PluginStatus statusOf(Bundle plugin) {
        return guard.statuses().stream().filter(s -> s.bundleId == plugin.getBundleId()).findFirst()
                .orElseThrow(() -> new AssertionError("No status of " + plugin.getSymbolicName() + " in " + guard.statuses()));
    }

    private Object timeoutInService() {
        ServiceReference<AttributesService> ref = context.getServiceReference(AttributesService.class);
        return ref == null ? null : ref.getProperty("plugin.timeout.ms");
    }

    private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.get()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Not within 20 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    /**
     * One configuration through Config Admin, restored afterwards. By reflection: this test bundle does
     * not build against the Config Admin API.
     */
    private final class Config {
        private final Object configuration;
        private final Class<?> type;
        private final Dictionary<String, Object> before;

        @SuppressWarnings("unchecked")
        Config(String pid) throws Exception {
            ServiceReference<?> ref = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
            assertNotNull(ref, "Config Admin is running");
            Object admin = context.getService(ref);
            Class<?> adminType = ref.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
            type = ref.getBundle().loadClass("org.osgi.service.cm.Configuration");
            configuration = adminType.getMethod("getConfiguration", String.class, String.class).invoke(admin, pid, "?");
            before = (Dictionary<String, Object>) type.getMethod("getProperties").invoke(configuration);
        }

        void set(String key, Object value) throws Exception {
            Dictionary<String, Object> properties = new Hashtable<>();
            if (before != null) {
                for (var keys = before.keys(); keys.hasMoreElements();) {
                    String k = keys.nextElement();
                    properties.put(k, before.get(k));
                }
            }
            properties.put(key, value);
            type.getMethod("update", Dictionary.class).invoke(configuration, properties);
        }

        /** The value of {@code key} before, or {@code otherwise} (the default) when it was not set. */
        Object before(String key, Object otherwise) {
            return before == null || before.get(key) == null ? otherwise : before.get(key);
        }

        void restore() throws Exception {
            if (before == null) {
                type.getMethod("delete").invoke(configuration);
            } else {
                type.getMethod("update", Dictionary.class).invoke(configuration, before);
            }
        }
    }
}
