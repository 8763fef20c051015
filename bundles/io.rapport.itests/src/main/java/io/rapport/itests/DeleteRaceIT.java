package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.attributes.api.AttributesService;
import io.rapport.platform.api.Models;

/**
 * Deleting a person while other requests tag her, write a note on her and set an attribute of hers, all
 * at the same moment: whichever wins, nothing of hers outlives her (no tag link still counted, no note
 * still answering, no attribute value left), once the deletion's cleanup has run.
 */
public class DeleteRaceIT {
    private static final int ROUNDS = 30;

    @InjectService(timeout = 20000)
    AttributesService attributes;

    @Test
    void aDeletedPersonKeepsNothingThatRacedWithTheDelete() throws Exception {
        TagsNotesApi api = TagsNotesApi.connect();
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String tagId = (String) api.call("POST", "/api/v1/tags", "{\"name\":\"race " + unique + "\"}").expect(201).object().get("id");
        String key = "race_" + unique;
        api.call("POST", "/api/v1/attributes", "{\"model\":\"person\",\"key\":\"" + key + "\",\"label\":\"Race\",\"type\":\"text\"}").expect(201);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<String> people = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String id = (String) api.call("POST", "/api/v1/people", "{\"name\":\"Racer " + round + "\"}").expect(201).object().get("id");
                people.add(id);
                String path = "/api/v1/people/" + id;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<TagsNotesApi.Answer>> answers = new ArrayList<>();
                answers.add(pool.submit(() -> { go.await(); return api.call("DELETE", path, null); }));
                answers.add(pool.submit(() -> { go.await(); return api.call("PUT", path + "/tags/" + tagId, null); }));
                answers.add(pool.submit(() -> { go.await(); return api.call("POST", path + "/notes", "{\"body\":\"raced\"}"); }));
                answers.add(pool.submit(() -> { go.await(); return api.call("PATCH", path, "{\"attributes\":{\"" + key + "\":\"raced\"}}"); }));
                go.countDown();
                assertEquals(204, answers.get(0).get(30, TimeUnit.SECONDS).status(), "the delete");
                for (Future<TagsNotesApi.Answer> f : answers.subList(1, answers.size())) {
                    TagsNotesApi.Answer a = f.get(30, TimeUnit.SECONDS);
                    assertTrue(a.status() < 300 || a.status() == 404, a.request + " answered " + a.status() + " " + a.body());
                    if (a.status() == 201 && a.request.startsWith("POST")) {
                        notes.add((String) a.object().get("id"));
                    }
                }
            }
        } finally {
            pool.shutdown();
        }

        // the deletions' cleanup runs after they commit: give it the time it needs, and no more
        long deadline = System.currentTimeMillis() + 30_000;
        String left;
        do {
            left = leftovers(api, tagId, people, notes);
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        assertEquals("", left, "what outlived the deleted people (" + notes.size() + " notes were written before their delete)");
    }

    private String leftovers(TagsNotesApi api, String tagId, List<String> people, List<String> notes) throws Exception {
        StringBuilder left = new StringBuilder();
        Map<String, Object> tag = api.call("GET", "/api/v1/tags/" + tagId, null).expect(200).object();
        if (((Number) tag.get("people_count")).longValue() != 0) {
            left.append("the tag still counts ").append(tag.get("people_count")).append(" people; ");
        }
        for (String note : notes) {
            int status = api.call("GET", "/api/v1/notes/" + note, null).status();
            if (status != 404) {
                left.append("note ").append(note).append(" answers ").append(status).append("; ");
            }
        }
        for (String person : people) {
            Map<String, Object> values = attributes.values(Models.PERSON, person);
            if (!values.isEmpty()) {
                left.append(person).append(" still has ").append(values).append("; ");
            }
        }
        return left.toString();
    }
}
