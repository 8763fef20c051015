package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.people.api.PeopleService;

/**
 * What the runtime really exposes: the people resource in the JAX-RS runtime DTOs and over HTTP, going
 * away when its bundle stops (while /health keeps answering and says so) and coming back, data intact.
 */
public class RestRuntimeIT {
    @InjectService(timeout = 20000)
    JaxrsServiceRuntime jaxrs;

    @InjectService(timeout = 20000)
    PeopleService people;

    @InjectBundleContext
    BundleContext context;

    private Optional<ApplicationDTO> rapportApp() {
        return Arrays.stream(jaxrs.getRuntimeDTO().applicationDTOs).filter(a -> "rapport".equals(a.name)).findFirst();
    }

    private boolean peopleResourceServed() {
        return rapportApp().map(a -> Arrays.stream(a.resourceDTOs).anyMatch(RestRuntimeIT::isPeopleResource)).orElse(false);
    }

    private static boolean isPeopleResource(ResourceDTO r) {
        // other bundles serve paths under /people/{id}/... too: the people bundle's own are these
        return Arrays.stream(r.resourceMethods).anyMatch(m -> "/people".equals(m.path) || "/people/{id}".equals(m.path));
    }

    private void awaitPeopleResource(boolean served) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (peopleResourceServed() != served) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("people resource " + (served ? "never appeared" : "never went away") + " in the JAX-RS runtime");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void theApiApplicationLivesAtApiV1() throws Exception {
        awaitPeopleResource(true);
        ApplicationDTO app = rapportApp().orElseThrow();
        assertEquals("api/v1", app.base.replaceFirst("^/", ""));
        Http http = Http.connect();
        // health is gathered on changes (and every 2 s): a plugin another test left DEGRADED may show for a moment
        long deadline = System.currentTimeMillis() + 20_000;
        HttpResponse<String> health;
        do {
            health = http.await("/health", 200, true);
        } while (!health.body().contains("\"status\":\"UP\"") && System.currentTimeMillis() < deadline && sleep(100));
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
    }

    @Test
    void withoutATokenTheApiAnswers401ProblemJson() throws Exception {
        awaitPeopleResource(true);
        Http http = Http.connect();
        HttpResponse<String> r = http.getAnonymous("/api/v1/people");
        assertEquals(401, r.statusCode());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body().contains("\"status\":401"), r.body());
    }

    @Test
    void stoppingPeopleRemovesItsEndpointsAndStartingBringsThemBack() throws Exception {
        awaitPeopleResource(true);
        Http http = Http.connect();
        String email = "kept." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        HttpResponse<String> created = http.post("/api/v1/people", "{\"name\":\"Kept\",\"emails\":[\"" + email + "\"]}");
        assertEquals(201, created.statusCode(), created.body());
        Matcher id = Pattern.compile("\"id\":\"(per_[a-z0-9]+)\"").matcher(created.body());
        assertTrue(id.find());

        Bundle peopleBundle = Arrays.stream(context.getBundles())
                .filter(b -> "io.rapport.people".equals(b.getSymbolicName())).findFirst().orElseThrow();
        try (StoppedBundle stopped = StoppedBundle.stop(peopleBundle)) {
            awaitPeopleResource(false);
            assertEquals(404, http.get("/api/v1/people/" + id.group(1)).statusCode());
            HttpResponse<String> health = http.await("/health", 503, false);
            assertTrue(health.body().contains("io.rapport.people"), health.body());
            assertTrue(health.body().contains("stopped"), health.body());
            HttpResponse<String> anonymous = http.getAnonymous("/health");
            assertEquals(503, anonymous.statusCode());
            assertEquals("{\"status\":\"DOWN\"}", anonymous.body(), "without an admin token, only the status");
            // the rest of the API is unaffected
            assertEquals(200, http.get("/api/v1/tokens").statusCode());
        }
        awaitPeopleResource(true);
        HttpResponse<String> again = http.await("/api/v1/people/" + id.group(1), 200, false);
        assertTrue(again.body().contains(email), again.body());
        assertNotNull(again.headers().firstValue("ETag").orElse(null));
        http.await("/health", 200, true);
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }
}
