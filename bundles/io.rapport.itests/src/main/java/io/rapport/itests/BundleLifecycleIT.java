package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;

/**
 * Each concern is its own bundle: stopped while the runtime runs, its endpoints go (404), everything
 * else keeps working, profiles report its section unavailable; started again, it is all back, data
 * intact.
 */
public class BundleLifecycleIT {
    @InjectBundleContext
    BundleContext context;

    private static String id(HttpResponse<String> r) {
        Matcher m = Pattern.compile("\"id\":\"([a-z]+_[a-z0-9]+)\"").matcher(r.body());
        assertTrue(m.find(), r.body());
        return m.group(1);
    }

    @Test
    void stoppingTagsLeavesTheRestWorking() throws Exception {
        Http http = Http.connect();
        http.await("/api/v1/tags", 200, false);
        String u = UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> person = http.post("/api/v1/people", "{\"name\":\"Tagged\",\"emails\":[\"tagged." + u + "@example.com\"]}");
        assertEquals(201, person.statusCode(), person.body());
        String pid = id(person);
        HttpResponse<String> tag = http.post("/api/v1/tags", "{\"name\":\"Lifecycle " + u + "\"}");
        assertEquals(201, tag.statusCode(), tag.body());
        String tid = id(tag);
        assertEquals(204, http.send("PUT", "/api/v1/people/" + pid + "/tags/" + tid).statusCode());

        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.tags")) {
            http.await("/api/v1/tags", 404, false);
            assertEquals(404, http.get("/api/v1/people/" + pid + "/tags").statusCode());
            assertEquals(200, http.get("/api/v1/people").statusCode(), "people keep working");
            HttpResponse<String> profile = http.get("/api/v1/people/" + pid + "?include=tags");
            assertEquals(200, profile.statusCode(), profile.body());
            assertTrue(profile.body().contains("\"unavailable\":{\"tags\":"), profile.body());
            HttpResponse<String> filtered = http.get("/api/v1/people?tag=" + tid);
            assertEquals(400, filtered.statusCode(), filtered.body());
            assertTrue(filtered.body().contains("\"field\":\"tag\""), filtered.body());
            assertTrue(http.await("/health", 503, false).body().contains("io.rapport.tags"), "an admin sees why");
            assertEquals("{\"status\":\"DOWN\"}", http.await("/health", 503, true).body(), "others see only the status");
        }
        http.await("/api/v1/tags", 200, false);
        HttpResponse<String> again = http.await("/api/v1/people/" + pid + "/tags", 200, false);
        assertTrue(again.body().contains(tid), again.body());
        HttpResponse<String> profile = http.get("/api/v1/people/" + pid + "?include=tags");
        assertTrue(profile.body().contains(tid) && !profile.body().contains("unavailable"), profile.body());
        http.await("/health", 200, true);
    }

    @Test
    void stoppingTheTimelineLosesNoChange() throws Exception {
        Http http = Http.connect();
        String u = UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> person = http.post("/api/v1/people", "{\"name\":\"Watched\",\"emails\":[\"watched." + u + "@example.com\"]}");
        String pid = id(person);
        http.await("/api/v1/people/" + pid + "/timeline", 200, false);

        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.timeline")) {
            http.await("/api/v1/people/" + pid + "/timeline", 404, false);
            HttpResponse<String> patched = http.send("PATCH", "/api/v1/people/" + pid, "{\"name\":\"Watched While Away\"}");
            assertEquals(200, patched.statusCode(), patched.body());
            HttpResponse<String> profile = http.get("/api/v1/people/" + pid + "?include=timeline");
            assertTrue(profile.body().contains("\"unavailable\":{\"timeline\":"), profile.body());
        }
        long deadline = System.currentTimeMillis() + 20_000;
        HttpResponse<String> entries;
        do {
            entries = http.get("/api/v1/people/" + pid + "/timeline?type=field_changed");
            if (entries.statusCode() == 200 && entries.body().contains("Watched While Away")) {
                return;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("the change made while the timeline was stopped is missing: " + entries.body());
    }
}
