package io.rapport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** An import job cut short by a crash (SIGKILL mid-job) finishes after the next start, with every row once. */
class ImportRestartIT {
    private static final int ROWS = 3000;

    @Test
    void anImportKilledMidJobFinishesAfterTheRestart() throws Exception {
        RapportProcess rapport = new RapportProcess(Files.createTempDirectory("rapport-import-restart")).start();
        try {
            StringBuilder ndjson = new StringBuilder();
            for (int i = 0; i < ROWS; i++) {
                ndjson.append("{\"name\":\"Row ").append(i).append("\",\"emails\":[\"row").append(i).append("@restart.example\"]}\n");
            }
            HttpResponse<String> accepted = rapport.api().send("POST", "/api/v1/people/import", "application/x-ndjson", ndjson.toString());
            assertEquals(202, accepted.statusCode(), accepted.body());
            String job = "/api/v1/jobs/" + PeopleApiIT.json(accepted).get("id").asText();

            // crash while the job is under way: some batches written, not all
            long deadline = System.currentTimeMillis() + 60_000;
            JsonNode state = PeopleApiIT.json(rapport.api().get(job));
            while (state.get("rows_done").asLong() == 0 && !"completed".equals(state.get("state").asText())) {
                assertTrue(System.currentTimeMillis() < deadline, "the job did not start within 60 s: " + state);
                Thread.sleep(20);
                state = PeopleApiIT.json(rapport.api().get(job));
            }
            rapport.crash();
            assertTrue(state.get("rows_done").asLong() < ROWS, "the job ended before the crash; make it longer: " + state);

            rapport = new RapportProcess(rapport.home).start();
            deadline = System.currentTimeMillis() + 120_000;
            state = PeopleApiIT.json(rapport.api().get(job));
            while (!"completed".equals(state.get("state").asText())) {
                assertTrue(System.currentTimeMillis() < deadline, "the job did not finish within 120 s of the restart: " + state);
                Thread.sleep(100);
                state = PeopleApiIT.json(rapport.api().get(job));
            }
            assertEquals(ROWS, state.get("rows_done").asLong(), state.toString());
            assertEquals(0, state.get("rows_failed").asLong(), state.toString());

            // every row once: as many people with these emails as rows
            String count = "{\"query\":{\"field\":\"emails\",\"operator\":\"ends_with\",\"value\":\"@restart.example\"},\"limit\":1}";
            long total = -1;
            while (total != ROWS && System.currentTimeMillis() < deadline) {
                HttpResponse<String> found = rapport.api().post("/api/v1/people/search", count);
                total = found.statusCode() == 200 ? PeopleApiIT.json(found).get("total").asLong() : -1;
                if (total != ROWS) {
                    Thread.sleep(200);
                }
            }
            assertEquals(ROWS, total, "people with an @restart.example email");
        } finally {
            rapport.close();
        }
    }
}
