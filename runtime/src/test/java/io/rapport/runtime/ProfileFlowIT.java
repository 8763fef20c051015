package io.rapport.runtime;

import static io.rapport.runtime.PeopleApiIT.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The whole profile flow over HTTP against the exported jar: a person and a company, linked, tagged,
 * with notes and custom attributes, read back with every section and a timeline in order, then deleted
 * with nothing left behind.
 */
class ProfileFlowIT {
    private static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return r.body().isEmpty() ? null : json(r);
    }

    private static List<String> types(JsonNode page) {
        List<String> types = new ArrayList<>();
        page.get("data").forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    private static JsonNode awaitTimeline(RapportProcess.Api api, String path, int atLeast) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        JsonNode page;
        do {
            page = ok(api.get(path + "?limit=200"), 200);
            if (page.get("data").size() >= atLeast) {
                return page;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("timeline " + path + " has only " + types(page));
    }

    @Test
    void theWholeProfile() throws Exception {
        try (RapportProcess rapport = new RapportProcess(Files.createTempDirectory("rapport-profile")).start()) {
            RapportProcess.Api api = rapport.api();
            String pid = ok(api.post("/api/v1/people", "{\"name\":\"Ada Lovelace\",\"emails\":[\"ada@example.com\"]}"), 201).get("id").asText();
            String cid = ok(api.post("/api/v1/companies", "{\"name\":\"Analytical Engines\",\"domain\":\"engines.example\",\"industry\":\"Computing\",\"size\":12}"), 201).get("id").asText();
            ok(api.send("PUT", "/api/v1/companies/" + cid + "/people/" + pid, null, null), 204);

            String tid = ok(api.post("/api/v1/tags", "{\"name\":\"VIP\",\"color\":\"#ff0000\"}"), 201).get("id").asText();
            ok(api.send("PUT", "/api/v1/people/" + pid + "/tags/" + tid, null, null), 204);
            ok(api.send("PUT", "/api/v1/companies/" + cid + "/tags/" + tid, null, null), 204);

            ok(api.post("/api/v1/people/" + pid + "/notes", "{\"body\":\"Called about the renewal.\"}"), 201);
            ok(api.post("/api/v1/companies/" + cid + "/notes", "{\"body\":\"Enterprise plan in January.\"}"), 201);

            ok(api.post("/api/v1/attributes", "{\"model\":\"person\",\"key\":\"plan\",\"label\":\"Plan\",\"type\":\"list\",\"options\":[\"free\",\"pro\"]}"), 201);
            ok(api.post("/api/v1/attributes", "{\"model\":\"company\",\"key\":\"revenue\",\"label\":\"Annual revenue\",\"type\":\"number\"}"), 201);
            JsonNode patched = ok(api.patch("/api/v1/people/" + pid, "{\"attributes\":{\"plan\":\"pro\"}}"), 200);
            assertEquals("pro", patched.get("attributes").get("plan").asText());
            ok(api.patch("/api/v1/companies/" + cid, "{\"attributes\":{\"revenue\":1250000.50}}"), 200);
            JsonNode bad = PeopleApiIT.problem(api.patch("/api/v1/people/" + pid, "{\"attributes\":{\"plan\":\"platinum\"}}"), 400);
            assertEquals("attributes.plan", PeopleApiIT.field(bad));
            assertEquals("attributes.nope", PeopleApiIT.field(PeopleApiIT.problem(api.patch("/api/v1/people/" + pid, "{\"attributes\":{\"nope\":1}}"), 400)));

            JsonNode person = ok(api.get("/api/v1/people/" + pid + "?include=attributes,tags,companies,notes,timeline"), 200);
            assertEquals("pro", person.get("attributes").get("plan").asText());
            assertEquals("VIP", person.get("tags").get(0).get("name").asText());
            assertTrue(person.get("companies").toString().contains(cid), person.toString());
            assertTrue(person.get("notes").toString().contains("renewal"), person.toString());
            assertTrue(person.get("timeline").isArray(), person.toString());
            assertFalse(person.has("unavailable"), person.toString());

            JsonNode company = ok(api.get("/api/v1/companies/" + cid + "?include=attributes,tags,people,notes,timeline"), 200);
            assertTrue(company.get("people").toString().contains(pid), company.toString());
            assertEquals(1250000.5, company.get("attributes").get("revenue").asDouble(), 0.001);

            JsonNode byTag = ok(api.get("/api/v1/people?tag=" + tid), 200);
            assertEquals(pid, byTag.get("data").get(0).get("id").asText());
            ok(api.get("/api/v1/companies?tag=" + tid), 200);

            ok(api.post("/api/v1/people/" + pid + "/events", "{\"name\":\"visited\",\"metadata\":{\"url\":\"/pricing\"}}"), 201);
            JsonNode timeline = awaitTimeline(api, "/api/v1/people/" + pid + "/timeline", 6);
            List<String> types = types(timeline);
            assertEquals("created", types.get(types.size() - 1), types.toString());
            for (String expected : List.of("company_linked", "tag_added", "note_added", "attribute_set", "event")) {
                assertTrue(types.contains(expected), expected + " missing from " + types);
            }
            assertTrue(types.indexOf("event") < types.indexOf("tag_added"), "newest first: " + types);

            ok(api.delete("/api/v1/people/" + pid), 204);
            PeopleApiIT.problem(api.get("/api/v1/people/" + pid), 404);
            PeopleApiIT.problem(api.get("/api/v1/people/" + pid + "/timeline"), 404);
            long deadline = System.currentTimeMillis() + 15_000;
            while (true) {
                JsonNode members = ok(api.get("/api/v1/companies/" + cid + "/people"), 200);
                JsonNode tag = ok(api.get("/api/v1/tags/" + tid), 200);
                if (members.get("data").size() == 0 && tag.get("people_count").asInt() == 0) {
                    break;
                }
                assertTrue(System.currentTimeMillis() < deadline, "left behind: " + members + " " + tag);
                Thread.sleep(100);
            }
            JsonNode companyTimeline = awaitTimeline(api, "/api/v1/companies/" + cid + "/timeline", 1);
            deadline = System.currentTimeMillis() + 15_000;
            while (!types(companyTimeline).contains("person_deleted")) {
                assertTrue(System.currentTimeMillis() < deadline, "no person_deleted on the company: " + types(companyTimeline));
                Thread.sleep(100);
                companyTimeline = awaitTimeline(api, "/api/v1/companies/" + cid + "/timeline", 1);
            }
            assertEquals(1, ok(api.get("/api/v1/tags/" + tid), 200).get("company_count").asInt(), "the company keeps its tag");
        }
    }
}
