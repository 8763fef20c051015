package io.rapport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Stopping and starting the process keeps people, tokens and the admin token. */
class RestartIT {
    @Test
    void dataSurvivesARestart() throws Exception {
        RapportProcess rapport = new RapportProcess(Files.createTempDirectory("rapport-restart")).start();
        try {
            HttpResponse<String> created = rapport.api().post("/api/v1/people", "{\"name\":\"Durable\",\"emails\":[\"durable@example.com\"]}");
            assertEquals(201, created.statusCode(), created.body());
            String id = PeopleApiIT.json(created).get("id").asText();
            HttpResponse<String> agentToken = rapport.api().post("/api/v1/tokens", "{\"name\":\"night shift\"}");
            String agentSecret = PeopleApiIT.json(agentToken).get("token").asText();
            String adminToken = rapport.adminToken;
            rapport.stop();

            rapport = new RapportProcess(rapport.home).start();
            System.out.println("Restarted in " + rapport.startMillis + " ms (process start to first people API 200, existing data)");
            assertEquals(adminToken, rapport.adminToken, "the admin token is created once, on the first start");
            HttpResponse<String> again = rapport.api().as(agentSecret).get("/api/v1/people/" + id);
            assertEquals(200, again.statusCode(), again.body());
            JsonNode person = PeopleApiIT.json(again);
            assertEquals("durable@example.com", person.get("emails").get(0).asText());
        } finally {
            rapport.close();
        }
    }
}
