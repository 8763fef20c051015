package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.platform.errors.ConflictException;
import io.rapport.platform.errors.NotFoundException;
import io.rapport.platform.api.Problem;
import io.rapport.itests.TagsNotesApi.Answer;
import io.rapport.itests.pluginstest.FailingActivator;
import io.rapport.itests.pluginstest.GreetingActivator;
import io.rapport.platform.api.RapportHome;
import io.rapport.plugins.api.BundleInfo;
import io.rapport.plugins.api.PluginInfo;
import io.rapport.plugins.api.PluginManager;
import io.rapport.plugins.api.PluginRefusal;
import io.rapport.plugins.api.PluginRefusedException;
import io.rapport.platform.errors.DomainException;

/**
 * The plugin manager as operators use it: installs through the service, REST, Gogo commands and
 * {@code deploy/}, each resolved before anything starts; refusals explained in plain words, rolled back
 * and shown by /health; updates that fail keep the old version; features with their configuration;
 * and installing or removing a plugin leaves the core bundles and services untouched.
 */
public class PluginsIT {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String MISSING_IMPORT = "com.example.missing;version=\"[1,2)\"";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20000)
    PluginManager plugins;

    /** Symbolic names this test installed or tried to, removed after each test whatever happened. */
    private final List<String> made = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
        for (String bsn : made) {
            awaitTrue(() -> bundle(bsn).map(b -> !b.getLocation().startsWith("rapport:deploy/")).orElse(true), 5000,
                    bsn + " from deploy/ still installed after its file was removed");
            if (plugins.get(bsn).isPresent()) {
                try {
                    plugins.uninstall(bsn);
                } catch (DomainException e) {
                    // a feature's bundle: its feature is removed by the test
                }
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private String unique(String kind) {
        String bsn = "io.rapport.itests.plugin." + kind + "." + UUID.randomUUID().toString().substring(0, 8);
        made.add(bsn);
        return bsn;
    }

    private static byte[] good(String bsn, String version) {
        return TestBundles.bundle(bsn).header("Bundle-Version", version)
                .header("Bundle-Activator", GreetingActivator.class.getName())
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\"")
                .classes(GreetingActivator.class)
                // versions differ in size, so that deploy/ sees a replaced file change even within one clock tick
                .entry("padding.txt", new byte[version.length() * 37 + version.hashCode() % 13 + 13]).build();
    }

    private static byte[] unresolvable(String bsn, String version) {
        return TestBundles.bundle(bsn).header("Bundle-Version", version)
                .header("Import-Package", MISSING_IMPORT).entry("padding.txt", new byte[211]).build();
    }

    private static byte[] failing(String bsn) {
        return TestBundles.bundle(bsn).header("Bundle-Activator", FailingActivator.class.getName())
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\"").classes(FailingActivator.class).build();
    }

    private Optional<Bundle> bundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst();
    }

    private static void awaitTrue(BooleanSupplier condition, long millis, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(what + " (waited " + millis + " ms)");
            }
            Thread.sleep(25);
        }
    }

    private Answer call(Http http, String method, String path, String contentType, byte[] body, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(http.base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        r.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return new Answer(method + " " + path, CLIENT.send(r.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private Answer call(Http http, String method, String path, String contentType, byte[] body) throws Exception {
        return call(http, method, path, contentType, body, http.adminToken);
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Path home() {
        return RapportHome.home(context);
    }

    /** Writes a file into place in one step, as operators should (copy elsewhere, then move). */
    private Path place(Path target, byte[] content) throws Exception {
        Files.createDirectories(target.getParent());
        Path tmp = home().resolve("data").resolve("tmp-" + UUID.randomUUID() + ".part");
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        files.add(target);
        return target;
    }

    // ------------------------------------------------------------------ service

    @Test
    void installThroughTheServiceStartsAndListsThePlugin() throws Exception {
        String bsn = unique("service");
        PluginInfo p = plugins.install("greeting.jar", new java.io.ByteArrayInputStream(good(bsn, "1.0.0")));
        assertEquals("ACTIVE", p.state);
        assertEquals(bsn, p.symbolicName);
        assertEquals("1.0.0", p.version);
        assertEquals("upload", p.source);
        assertNull(p.feature);
        assertEquals("OK", p.status);
        assertTrue(p.provides.stream().anyMatch(s -> s.service.equals(Runnable.class.getName())
                && ("hello from " + bsn).equals(s.properties.get("rapport.test.greeting"))), String.valueOf(p.provides));
        assertTrue(plugins.list().stream().anyMatch(i -> i.symbolicName.equals(bsn)));
        assertEquals(Bundle.ACTIVE, bundle(bsn).orElseThrow().getState());
        assertTrue(plugins.bundles().stream().anyMatch(b -> b.symbolicName.equals(bsn) && BundleInfo.PLUGIN.equals(b.kind)));
        assertTrue(plugins.bundles().stream().anyMatch(b -> "io.rapport.people".equals(b.symbolicName) && BundleInfo.CORE.equals(b.kind)));

        DomainException twice = assertThrows(DomainException.class, () -> plugins.install("upload", new java.io.ByteArrayInputStream(good(bsn, "1.0.1"))));
        assertEquals(409, Problem.statusOf(twice));

        plugins.uninstall(bsn);
        assertTrue(bundle(bsn).isEmpty(), "uninstalled");
        assertTrue(plugins.get(bsn).isEmpty());
        assertThrows(NotFoundException.class, () -> plugins.uninstall(bsn));
    }

    @Test
    void anActivatorThatThrowsIsRefusedAndRolledBack() throws Exception {
        String bsn = unique("failing");
        PluginRefusedException e = assertThrows(PluginRefusedException.class,
                () -> plugins.install("failing.jar", new java.io.ByteArrayInputStream(failing(bsn))));
        assertEquals(422, Problem.statusOf(e));
        assertEquals("Plugin refused", e.title);
        assertTrue(e.detail.contains(bsn) && e.detail.contains("failed to start") && e.detail.contains("the test plugin refuses to start"), e.detail);
        assertEquals(bsn, e.errors.get(0).field);
        assertTrue(bundle(bsn).isEmpty(), "nothing left installed");
        PluginRefusal r = plugins.refusals().get(0);
        assertEquals(bsn, r.symbolicName);
        assertEquals("upload", r.source);

        // a fixed jar of the same name installs, and the refusal is forgotten
        plugins.install("fixed.jar", new java.io.ByteArrayInputStream(good(bsn, "1.0.1")));
        assertTrue(plugins.refusals().stream().noneMatch(x -> bsn.equals(x.symbolicName)));
        plugins.uninstall(bsn);
    }

    @Test
    void coreBundlesCannotBeChangedThroughThePluginApi() {
        DomainException update = assertThrows(DomainException.class,
                () -> plugins.update("io.rapport.people", new java.io.ByteArrayInputStream(good("io.rapport.people", "9.0.0"))));
        assertEquals(409, Problem.statusOf(update));
        assertTrue(update.detail.contains("core"), update.detail);
        assertThrows(ConflictException.class, () -> plugins.uninstall("io.rapport.people"));
        DomainException install = assertThrows(DomainException.class,
                () -> plugins.install("upload", new java.io.ByteArrayInputStream(good("io.rapport.people", "9.0.0"))));
        assertEquals(409, Problem.statusOf(install));
        assertEquals(Bundle.ACTIVE, bundle("io.rapport.people").orElseThrow().getState());
    }

    // ------------------------------------------------------------------ REST

    @Test
    void restInstallUpdateAndUninstall() throws Exception {
        Http http = Http.connect();
        String bsn = unique("rest");
        Answer created = call(http, "POST", "/api/v1/plugins?file_name=rest.jar", "application/java-archive", good(bsn, "1.0.0")).expect(201);
        assertTrue(created.header("Location").endsWith("/api/v1/plugins/" + bsn), created.header("Location"));
        Map<String, Object> p = created.object();
        assertEquals(bsn, p.get("symbolic_name"));
        assertEquals("ACTIVE", p.get("state"));
        assertEquals("upload", p.get("source"));
        assertEquals("OK", p.get("status"));
        assertNotNull(p.get("bundle_id"));
        assertTrue(created.body().contains("\"rapport.test.greeting\""), created.body());

        Answer list = call(http, "GET", "/api/v1/plugins", null, null).expect(200);
        assertTrue(list.data().stream().anyMatch(i -> bsn.equals(i.get("symbolic_name"))), list.body());
        assertTrue(list.object().containsKey("next_cursor") && list.object().get("next_cursor") == null);
        assertEquals("1.0.0", call(http, "GET", "/api/v1/plugins/" + bsn, null, null).expect(200).object().get("version"));
        Answer bundles = call(http, "GET", "/api/v1/bundles", null, null).expect(200);
        assertTrue(bundles.data().stream().anyMatch(b -> bsn.equals(b.get("symbolic_name")) && "plugin".equals(b.get("kind"))), bundles.body());
        assertTrue(bundles.data().stream().anyMatch(b -> "io.rapport.rest".equals(b.get("symbolic_name")) && "core".equals(b.get("kind"))
                && "ACTIVE".equals(b.get("state"))), bundles.body());

        Answer again = call(http, "POST", "/api/v1/plugins", "application/octet-stream", good(bsn, "1.0.0")).expect(409);
        assertTrue(again.body().contains("PUT /api/v1/plugins/" + bsn), again.body());

        Answer updated = call(http, "PUT", "/api/v1/plugins/" + bsn, "application/java-archive", good(bsn, "1.1.0")).expect(200);
        assertEquals("1.1.0", updated.object().get("version"));
        assertEquals("ACTIVE", updated.object().get("state"));

        // an update that cannot resolve is refused, and the running version stays
        Answer refused = call(http, "PUT", "/api/v1/plugins/" + bsn, "application/java-archive", unresolvable(bsn, "2.0.0")).expect(422);
        assertEquals("application/problem+json", refused.header("Content-Type"));
        assertTrue(refused.body().contains("com.example.missing") && refused.body().contains(bsn + " 2.0.0"), refused.body());
        assertTrue(refused.body().contains("1.1.0 stays installed"), refused.body());
        Bundle b = bundle(bsn).orElseThrow();
        assertEquals("1.1.0", b.getVersion().toString());
        assertEquals(Bundle.ACTIVE, b.getState());
        // an update whose activator throws: the same
        call(http, "PUT", "/api/v1/plugins/" + bsn, "application/java-archive", failing(bsn)).expect(422);
        assertEquals("1.1.0", bundle(bsn).orElseThrow().getVersion().toString());
        assertEquals(Bundle.ACTIVE, bundle(bsn).orElseThrow().getState());
        // a good update clears those refusals
        call(http, "PUT", "/api/v1/plugins/" + bsn, "application/java-archive", good(bsn, "1.2.0")).expect(200);
        assertTrue(plugins.refusals().stream().noneMatch(x -> bsn.equals(x.symbolicName)), String.valueOf(plugins.refusals()));

        Answer wrongName = call(http, "PUT", "/api/v1/plugins/" + bsn, "application/java-archive", good(bsn + ".other", "1.0.0")).expect(400);
        assertTrue(wrongName.body().contains(bsn + ".other"), wrongName.body());
        call(http, "DELETE", "/api/v1/plugins/io.rapport.people", null, null).expect(409);
        call(http, "POST", "/api/v1/plugins", "application/java-archive", new byte[0]).expect(400);

        call(http, "DELETE", "/api/v1/plugins/" + bsn, null, null).expect(204);
        assertTrue(bundle(bsn).isEmpty());
        call(http, "GET", "/api/v1/plugins/" + bsn, null, null).expect(404);
        call(http, "DELETE", "/api/v1/plugins/" + bsn, null, null).expect(404);
    }

    @Test
    void anUnresolvableUploadIsRefusedExplainedAndShownByHealth() throws Exception {
        Http http = Http.connect();
        String bsn = unique("missing");
        Answer a = call(http, "POST", "/api/v1/plugins?file_name=sms.jar", "application/java-archive", unresolvable(bsn, "1.0.0")).expect(422);
        assertEquals("application/problem+json", a.header("Content-Type"));
        Map<String, Object> problem = a.object();
        assertEquals("Plugin refused", problem.get("title"));
        String detail = (String) problem.get("detail");
        assertTrue(detail.contains(bsn + " 1.0.0 needs package com.example.missing (version [1.0.0,2.0.0)), which no installed bundle provides"), detail);
        assertTrue(detail.contains("Nothing was installed"), detail);
        assertEquals(List.of(bsn), a.errorFields());
        assertTrue(bundle(bsn).isEmpty(), "nothing of the attempt is left installed");
        assertTrue(plugins.get(bsn).isEmpty());

        // /health lists the refusal, as a plugin problem: the node stays in the load balancer
        Answer health = awaitHealth(http, bsn);
        assertEquals(200, health.status(), health.body());
        Map<String, Object> h = health.object();
        assertEquals("DEGRADED", h.get("status"), health.body());
        assertTrue(health.body().contains("REFUSED") && health.body().contains("com.example.missing"), health.body());
        HttpResponse<String> anonymous = http.getAnonymous("/health");
        assertEquals("{\"status\":\"DEGRADED\"}", anonymous.body(), "no file names or reasons without an admin token");

        // a good jar of that name installs and the refusal goes
        call(http, "POST", "/api/v1/plugins", "application/java-archive", good(bsn, "1.0.1")).expect(201);
        assertTrue(plugins.refusals().stream().noneMatch(r -> bsn.equals(r.symbolicName)));
        call(http, "DELETE", "/api/v1/plugins/" + bsn, null, null).expect(204);
        Answer after = awaitHealth(http, s -> !s.contains(bsn)); // health follows changes, gathered as they happen
        assertFalse(after.body().contains(bsn), after.body());

        Answer notABundle = call(http, "POST", "/api/v1/plugins?file_name=notes.txt", "application/octet-stream", json("just text")).expect(422);
        assertTrue(notABundle.body().contains("notes.txt"), notABundle.body());
        // forget that refusal too: it has no symbolic name, and any good upload clears it
        String cleaner = unique("cleaner");
        call(http, "POST", "/api/v1/plugins", "application/java-archive", good(cleaner, "1.0.0")).expect(201);
        call(http, "DELETE", "/api/v1/plugins/" + cleaner, null, null).expect(204);
        assertTrue(plugins.refusals().stream().noneMatch(r -> r.symbolicName == null && "upload".equals(r.source)), String.valueOf(plugins.refusals()));
    }

    private Answer awaitHealth(Http http, String text) throws Exception {
        return awaitHealth(http, body -> body.contains(text));
    }

    private Answer awaitHealth(Http http, java.util.function.Predicate<String> test) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        Answer a;
        do {
            a = new Answer("GET /health", http.get("/health")); // the details are for admins
            if (a.status() == 200 && test.test(a.body())) {
                return a;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return a;
    }

    @Test
    void onlyAdminsManagePlugins() throws Exception {
        Http http = Http.connect();
        TagsNotesApi api = new TagsNotesApi(http);
        String agent = (String) api.newToken("plugins-agent-" + UUID.randomUUID().toString().substring(0, 8), "agent").get("token");
        String bsn = unique("agent");
        call(http, "GET", "/api/v1/plugins", null, null, agent).expect(403);
        call(http, "GET", "/api/v1/bundles", null, null, agent).expect(403);
        call(http, "GET", "/api/v1/features", null, null, agent).expect(403);
        call(http, "POST", "/api/v1/plugins", "application/java-archive", good(bsn, "1.0.0"), agent).expect(403);
        call(http, "POST", "/api/v1/plugins", "application/json", json("{\"feature\":\"x\"}"), agent).expect(403);
        call(http, "DELETE", "/api/v1/plugins/io.rapport.people", null, null, agent).expect(403);
        assertTrue(bundle(bsn).isEmpty());
    }

    // ------------------------------------------------------------------ deploy/

    @Test
    void deployDropUpdateRefuseAndRemove() throws Exception {
        String bsn = unique("deploy");
        String file = "deploy-" + UUID.randomUUID().toString().substring(0, 8) + ".jar";
        Path target = home().resolve("deploy").resolve(file);
        long start = System.currentTimeMillis();
        place(target, good(bsn, "1.0.0"));
        awaitTrue(() -> bundle(bsn).map(b -> b.getState() == Bundle.ACTIVE).orElse(false), 4000, bsn + " did not become ACTIVE from deploy/");
        long dropToActive = System.currentTimeMillis() - start;
        System.out.println("PluginsIT: deploy/ drop to ACTIVE in " + dropToActive + " ms");
        Bundle b = bundle(bsn).orElseThrow();
        assertEquals("rapport:deploy/" + file, b.getLocation());
        assertEquals("deploy/" + file, plugins.get(bsn).orElseThrow().source);

        // removing or updating it through the API is refused: the file rules
        assertThrows(ConflictException.class, () -> plugins.uninstall(bsn));

        place(target, good(bsn, "1.1.0"));
        awaitTrue(() -> bundle(bsn).map(x -> x.getVersion().toString().equals("1.1.0") && x.getState() == Bundle.ACTIVE).orElse(false), 4000,
                "replaced file did not update the bundle");
        assertEquals(b.getBundleId(), bundle(bsn).orElseThrow().getBundleId(), "updated in place");

        place(target, unresolvable(bsn, "2.0.0"));
        awaitTrue(() -> plugins.refusals().stream().anyMatch(r -> ("deploy/" + file).equals(r.source)), 4000, "no refusal for the broken file");
        PluginRefusal r = plugins.refusals().stream().filter(x -> ("deploy/" + file).equals(x.source)).findFirst().orElseThrow();
        assertTrue(r.reason.contains("com.example.missing") && r.reason.contains(bsn), r.reason);
        Bundle kept = bundle(bsn).orElseThrow();
        assertEquals("1.1.0", kept.getVersion().toString());
        assertEquals(Bundle.ACTIVE, kept.getState());

        start = System.currentTimeMillis();
        Files.delete(target);
        awaitTrue(() -> bundle(bsn).isEmpty(), 4000, "removed file did not uninstall the bundle");
        System.out.println("PluginsIT: deploy/ removal to uninstalled in " + (System.currentTimeMillis() - start) + " ms");
        awaitTrue(() -> plugins.refusals().stream().noneMatch(x -> ("deploy/" + file).equals(x.source)), 2000, "refusal kept after the file left");
    }

    @Test
    void anUnresolvableDropIsRefusedUntilItChanges() throws Exception {
        String bsn = unique("deploybad");
        String file = "bad-" + UUID.randomUUID().toString().substring(0, 8) + ".jar";
        Path target = home().resolve("deploy").resolve(file);
        place(target, unresolvable(bsn, "1.0.0"));
        awaitTrue(() -> plugins.refusals().stream().anyMatch(r -> ("deploy/" + file).equals(r.source)), 4000, "no refusal for " + file);
        assertTrue(bundle(bsn).isEmpty(), "nothing installed");
        Thread.sleep(800);
        assertEquals(1, plugins.refusals().stream().filter(r -> ("deploy/" + file).equals(r.source)).count(), "not retried while unchanged");
        place(target, good(bsn, "1.0.1"));
        awaitTrue(() -> bundle(bsn).map(b -> b.getState() == Bundle.ACTIVE).orElse(false), 4000, "fixed file not installed");
        // the bundle is ACTIVE a moment before the watcher hears the install succeeded and forgets the refusal
        awaitTrue(() -> plugins.refusals().stream().noneMatch(r -> ("deploy/" + file).equals(r.source)), 4000, "refusal forgotten once it installed");
        Files.delete(target);
        awaitTrue(() -> bundle(bsn).isEmpty(), 4000, "not uninstalled");
    }

    // ------------------------------------------------------------------ refresh only what must be

    @Test
    void installingAndRemovingAPluginLeavesTheCoreAlone() throws Exception {
        Map<Long, String> before = coreSnapshot();
        Map<String, List<Long>> servicesBefore = coreServices();
        List<String> events = new CopyOnWriteArrayList<>();
        SynchronousBundleListener listener = e -> {
            if (!e.getBundle().getLocation().startsWith("rapport:")
                    && (e.getType() == BundleEvent.STOPPED || e.getType() == BundleEvent.STARTED || e.getType() == BundleEvent.UNRESOLVED
                            || e.getType() == BundleEvent.RESOLVED || e.getType() == BundleEvent.UPDATED)) {
                events.add(e.getBundle().getSymbolicName() + " " + e.getType());
            }
        };
        context.addBundleListener(listener);
        try {
            String bsn = unique("refresh");
            // wired to core bundles (the framework and the platform API), so that a careless refresh would reach them
            byte[] jar = TestBundles.bundle(bsn).header("Bundle-Activator", GreetingActivator.class.getName())
                    .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\",io.rapport.platform.api;version=\"[1,2)\"")
                    .classes(GreetingActivator.class).build();
            plugins.install("refresh.jar", new java.io.ByteArrayInputStream(jar));
            plugins.update(bsn, new java.io.ByteArrayInputStream(good(bsn, "1.0.1")));
            plugins.uninstall(bsn);
            Http http = Http.connect();
            assertEquals(200, http.get("/api/v1/people?limit=1").statusCode());
        } finally {
            context.removeBundleListener(listener);
        }
        assertEquals(List.of(), events, "core bundles were stopped, started or re-resolved");
        assertEquals(before, coreSnapshot(), "core bundles' ids, states and last-modified times");
        assertEquals(servicesBefore, coreServices(), "service ids of the JAX-RS runtime, the JPA units and the database");
    }

    private Map<Long, String> coreSnapshot() {
        Map<Long, String> snapshot = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            if (!b.getLocation().startsWith("rapport:")) {
                snapshot.put(b.getBundleId(), b.getSymbolicName() + " " + b.getState() + " " + b.getLastModified());
            }
        }
        return snapshot;
    }

    private Map<String, List<Long>> coreServices() throws Exception {
        Map<String, List<Long>> ids = new HashMap<>();
        for (String type : List.of("org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime", "javax.persistence.EntityManagerFactory",
                "io.rapport.persistence.api.Database")) {
            ServiceReference<?>[] refs = context.getAllServiceReferences(type, null);
            List<Long> list = new ArrayList<>();
            for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                list.add((Long) ref.getProperty("service.id"));
            }
            list.sort(null);
            assertFalse(list.isEmpty(), "no " + type);
            ids.put(type, list);
        }
        return ids;
    }

    // ------------------------------------------------------------------ features

    @Test
    void aFeatureInstallsWithItsConfigurationAndUninstallsCleanly() throws Exception {
        Http http = Http.connect();
        String u = UUID.randomUUID().toString().substring(0, 8);
        String bsn = unique("feature");
        String name = "it-feature-" + u;
        String pid = "io.rapport.itests.feature." + u;
        String factory = "io.rapport.itests.factory." + u;
        String kept = "io.rapport.itests.kept." + u;
        Path jar = home().resolve("repository/io/rapport/itests/" + bsn + "/1.0.0/" + bsn + "-1.0.0.jar");
        place(jar, good(bsn, "1.0.0"));
        Path feature = home().resolve("features").resolve(name + ".json");
        place(feature, json("{\"feature-resource-version\": \"1.0\", \"id\": \"io.rapport.itests:" + name + ":osgifeature:1.0.0\",\n"
                + " \"name\": \"IT feature\", \"description\": \"A test feature\", \"x-unknown\": {\"ignored\": true},\n"
                + " \"bundles\": [{\"id\": \"io.rapport.itests:" + bsn + ":1.0.0\", \"start-order\": 5},\n"
                + "             {\"id\": \"org.apache.felix:org.apache.felix.scr:2.2.18\"}],\n"
                + " \"configurations\": {\"" + pid + "\": {\"greeting\": \"hi\", \"count:Integer\": 3, \"tags\": [\"a\", \"b\"]},\n"
                + "                    \"" + factory + "~main\": {\"channel\": \"webhook\"},\n"
                + "                    \"" + kept + "\": {\"owner\": \"feature\"}}}"));
        // the operator's own configuration must survive the feature
        ConfigAdmin cm = new ConfigAdmin(context);
        cm.create(kept, "owner", "operator");
        try {
            Answer listed = call(http, "GET", "/api/v1/features", null, null).expect(200);
            Map<String, Object> available = listed.data().stream().filter(f -> name.equals(f.get("name"))).findFirst().orElseThrow();
            assertEquals(Boolean.FALSE, available.get("installed"));
            assertEquals("IT feature", available.get("title"));

            call(http, "POST", "/api/v1/plugins", "application/json", json("{\"feature\": \"nope-" + u + "\"}")).expect(404);
            call(http, "POST", "/api/v1/plugins", "application/json", json("{\"feature\": \"" + name + "\", \"x\": 1}")).expect(400);

            Answer installed = call(http, "POST", "/api/v1/plugins", "application/json", json("{\"feature\": \"" + name + "\"}")).expect(201);
            assertTrue(installed.header("Location").endsWith("/api/v1/features/" + name), installed.header("Location"));
            Map<String, Object> f = installed.object();
            assertEquals(Boolean.TRUE, f.get("installed"));
            assertEquals("io.rapport.itests:" + name + ":osgifeature:1.0.0", f.get("id"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> featurePlugins = (List<Map<String, Object>>) f.get("plugins");
            assertEquals(1, featurePlugins.size(), installed.body()); // SCR is the core's, shared
            assertEquals(bsn, featurePlugins.get(0).get("symbolic_name"));
            assertEquals("ACTIVE", featurePlugins.get(0).get("state"));
            assertEquals("feature:" + name, featurePlugins.get(0).get("source"));
            assertEquals(name, featurePlugins.get(0).get("feature"));
            assertEquals(Bundle.ACTIVE, bundle(bsn).orElseThrow().getState());

            Dictionary<String, Object> props = cm.properties(pid);
            assertNotNull(props, "configuration " + pid + " created");
            assertEquals("hi", props.get("greeting"));
            assertEquals(3, props.get("count"));
            assertTrue(Arrays.equals(new String[] { "a", "b" }, (String[]) props.get("tags")));
            assertEquals(1, cm.factoryCount(factory), "factory configuration created");
            assertEquals("operator", cm.properties(kept).get("owner"), "the operator's configuration is kept");

            call(http, "POST", "/api/v1/plugins", "application/json", json("{\"feature\": \"" + name + "\"}")).expect(409);
            call(http, "DELETE", "/api/v1/plugins/" + bsn, null, null).expect(409); // belongs to the feature
            assertEquals(Boolean.TRUE, call(http, "GET", "/api/v1/features/" + name, null, null).expect(200).object().get("installed"));

            call(http, "DELETE", "/api/v1/features/" + name, null, null).expect(204);
            assertTrue(bundle(bsn).isEmpty(), "the feature's bundle is removed");
            assertNull(cm.properties(pid), "its configuration is removed");
            assertEquals(0, cm.factoryCount(factory), "its factory configuration is removed");
            assertEquals("operator", cm.properties(kept).get("owner"), "the operator's configuration stays");
            assertEquals(Bundle.ACTIVE, bundle("org.apache.felix.scr").orElseThrow().getState(), "the shared core bundle stays");
            call(http, "DELETE", "/api/v1/features/" + name, null, null).expect(404);
            assertEquals(Boolean.FALSE, call(http, "GET", "/api/v1/features/" + name, null, null).expect(200).object().get("installed"));

            // a feature whose bundle is not in any repository is refused, naming it
            String missing = "io.rapport.itests:absent-" + u + ":1.0.0";
            place(feature, json("{\"id\": \"io.rapport.itests:" + name + ":osgifeature:1.0.1\", \"bundles\": [{\"id\": \"" + missing + "\"}]}"));
            Answer refused = call(http, "POST", "/api/v1/plugins", "application/json", json("{\"feature\": \"" + name + "\"}")).expect(422);
            assertTrue(refused.body().contains(missing), refused.body());
            place(feature, json("{\"id\": \"io.rapport.itests:" + name + ":osgifeature:1.0.2\"}"));
            Answer invalid = call(http, "POST", "/api/v1/plugins", "application/json", json("{\"feature\": \"" + name + "\"}")).expect(422);
            assertTrue(invalid.errorFields().contains("bundles"), invalid.body());
            // fixed, it installs (and its refusals are forgotten)
            place(feature, json("{\"id\": \"io.rapport.itests:" + name + ":osgifeature:1.0.3\", \"bundles\": [{\"id\": \"io.rapport.itests:" + bsn + ":1.0.0\"}]}"));
            call(http, "POST", "/api/v1/plugins", "application/json", json("{\"feature\": \"" + name + "\"}")).expect(201);
            assertTrue(plugins.refusals().stream().noneMatch(r -> ("feature:" + name).equals(r.source)), String.valueOf(plugins.refusals()));
            call(http, "DELETE", "/api/v1/features/" + name, null, null).expect(204);
            assertTrue(bundle(bsn).isEmpty());
        } finally {
            if (plugins.feature(name).map(x -> x.installed).orElse(false)) {
                plugins.uninstallFeature(name);
            }
            cm.delete(kept);
        }
    }

    @Test
    void aFeatureDroppedIntoDeployIsInstalledAndRemovedWithItsFile() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String bsn = unique("deployfeature");
        String name = "it-deploy-feature-" + u;
        String pid = "io.rapport.itests.deployfeature." + u;
        place(home().resolve("repository/io/rapport/itests/" + bsn + "/1.0.0/" + bsn + "-1.0.0.jar"), good(bsn, "1.0.0"));
        Path file = home().resolve("deploy").resolve(name + ".json");
        place(file, json("{\"id\": \"io.rapport.itests:" + name + ":osgifeature:1.0.0\", \"bundles\": [{\"id\": \"io.rapport.itests:" + bsn
                + ":1.0.0\"}], \"configurations\": {\"" + pid + "\": {\"on\": true}}}"));
        ConfigAdmin cm = new ConfigAdmin(context);
        awaitTrue(() -> plugins.feature(name).map(f -> f.installed).orElse(false), 4000, "feature from deploy/ not installed");
        assertEquals(Bundle.ACTIVE, bundle(bsn).orElseThrow().getState());
        assertEquals("deploy/" + name + ".json", plugins.feature(name).orElseThrow().source);
        assertEquals(Boolean.TRUE, cm.properties(pid).get("on"));
        assertThrows(ConflictException.class, () -> plugins.uninstallFeature(name));
        Files.delete(file);
        // the removal ends with the feature's record: wait for all of it, not only for its bundle
        awaitTrue(() -> bundle(bsn).isEmpty() && plugins.feature(name).isEmpty(), 4000, "feature from deploy/ not removed with its file");
        assertNull(cm.properties(pid));
    }

    @Test
    void theShippedFeaturesAreReadable() throws Exception {
        Http http = Http.connect();
        Answer features = call(http, "GET", "/api/v1/features", null, null).expect(200);
        for (Map<String, Object> f : features.data()) {
            if (String.valueOf(f.get("name")).startsWith("rapport-")) {
                assertNull(f.get("problem"), features.body());
                assertFalse(((List<?>) f.get("bundles")).isEmpty(), features.body());
            }
        }
    }

    // ------------------------------------------------------------------ Gogo commands

    @Test
    void gogoCommands() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=rapport)");
        assertNotNull(refs, "no rapport commands");
        ServiceReference<?> ref = refs[0];
        List<String> functions = Arrays.asList((String[]) ref.getProperty("osgi.command.function"));
        assertTrue(functions.containsAll(List.of("plugins", "install", "update", "uninstall", "features", "refusals")), functions.toString());
        Object commands = context.getService(ref);
        try {
            String bsn = unique("gogo");
            Path good = place(home().resolve("data").resolve("gogo-" + bsn + ".jar"), good(bsn, "1.0.0"));
            Path newer = place(home().resolve("data").resolve("gogo-" + bsn + "-2.jar"), good(bsn, "1.0.1"));
            Path bad = place(home().resolve("data").resolve("gogo-bad-" + bsn + ".jar"), unresolvable(bsn, "2.0.0"));

            String installed = command(commands, "install", good.toString());
            assertTrue(installed.startsWith("Installed " + bsn + " 1.0.0"), installed);
            assertTrue(command(commands, "plugins").contains(bsn), "plugins lists it");
            assertTrue(command(commands, "bundles").contains("core"), "bundles lists the core");
            String updated = command(commands, "update", bsn, newer.toString());
            assertTrue(updated.contains("1.0.1"), updated);
            String refused = command(commands, "update", bsn, bad.toString());
            assertTrue(refused.startsWith("Refused: ") && refused.contains("com.example.missing"), refused);
            String refusals = command(commands, "refusals");
            assertTrue(refusals.contains("needs package com.example.missing"), refusals);
            assertTrue(command(commands, "features").length() > 0);
            String again = command(commands, "update", bsn, newer.toString()); // clears the refusal
            assertTrue(again.startsWith("Updated"), again);
            String removed = command(commands, "uninstall", bsn);
            assertEquals("Uninstalled " + bsn + ".", removed);
            assertTrue(bundle(bsn).isEmpty());
            assertTrue(command(commands, "uninstall", "io.rapport.people").contains("core"));
        } finally {
            context.ungetService(ref);
        }
    }

    private static String command(Object commands, String name, String... args) throws Exception {
        Class<?>[] types = new Class<?>[args.length];
        Arrays.fill(types, String.class);
        Method m = commands.getClass().getMethod(name, types);
        return String.valueOf(m.invoke(commands, (Object[]) args));
    }

    /** Config Admin through reflection: the test bundle does not compile against its API. */
    static final class ConfigAdmin {
        private final Object admin;

        ConfigAdmin(BundleContext context) throws Exception {
            ServiceReference<?> ref = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
            assertNotNull(ref, "no ConfigurationAdmin");
            this.admin = context.getService(ref);
        }

        private Object[] list(String filter) throws Exception {
            Object[] found = (Object[]) method(admin, "listConfigurations", String.class).invoke(admin, filter);
            return found == null ? new Object[0] : found;
        }

        @SuppressWarnings("unchecked")
        Dictionary<String, Object> properties(String pid) throws Exception {
            Object[] found = list("(service.pid=" + pid + ")");
            return found.length == 0 ? null : (Dictionary<String, Object>) method(found[0], "getProperties").invoke(found[0]);
        }

        int factoryCount(String factoryPid) throws Exception {
            return list("(service.factoryPid=" + factoryPid + ")").length;
        }

        void create(String pid, String key, String value) throws Exception {
            Object c = method(admin, "getConfiguration", String.class, String.class).invoke(admin, pid, "?");
            java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
            props.put(key, value);
            method(c, "update", Dictionary.class).invoke(c, props);
        }

        void delete(String pid) throws Exception {
            for (Object c : list("(service.pid=" + pid + ")")) {
                method(c, "delete").invoke(c);
            }
        }

        /** The method as declared by the public API interface (the implementation class is not accessible). */
        private static Method method(Object target, String name, Class<?>... types) throws Exception {
            for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    if (i.getName().startsWith("org.osgi.service.cm.")) {
                        return i.getMethod(name, types);
                    }
                }
            }
            throw new NoSuchMethodException(name);
        }
    }
}
