package io.rapport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * The schema comes from each module's changelog, and a database made before the changelogs (tables
 * there, no record of any change, an index missing) upgrades in place at start, keeping its data.
 */
class SchemaMigrationIT {
    @Test
    void aDatabaseWithoutChangelogRecordsUpgradesInPlace() throws Exception {
        RapportProcess rapport = new RapportProcess(Files.createTempDirectory("rapport-schema")).start();
        Path derby = rapport.home.resolve("data/derby");
        try {
            HttpResponse<String> created = rapport.api().post("/api/v1/people",
                    "{\"name\":\"Before\",\"emails\":[\"before@example.com\"],\"phones\":[\"+14155550100\"]}");
            assertEquals(201, created.statusCode(), created.body());
            String id = PeopleApiIT.json(created).get("id").asText();
            rapport.stop();

            Map<String, String> firstRun = changes(derby);
            assertEquals("EXECUTED", firstRun.get("people-person"), "a new database gets its tables from the changelog: " + firstRun);
            assertEquals("EXECUTED", firstRun.get("rapport-change"), firstRun.toString());
            assertTrue(indexExists(derby, "PEOPLE_PHONE", "PEOPLE_PHONE_PHONE"));

            // what a database made by EclipseLink before the changelogs looks like: the tables, no
            // Liquibase records, and without an index added later
            try (Connection c = open(derby); Statement s = c.createStatement()) {
                s.executeUpdate("DROP TABLE DATABASECHANGELOG");
                s.executeUpdate("DROP TABLE DATABASECHANGELOGLOCK");
                s.executeUpdate("DROP INDEX PEOPLE_PHONE_PHONE");
            }
            shutdown(derby);

            rapport = new RapportProcess(rapport.home); // assigned before it starts: a failed start is still stopped
            rapport.start();
            HttpResponse<String> again = rapport.api().get("/api/v1/people/" + id);
            assertEquals(200, again.statusCode(), again.body());
            assertEquals("+14155550100", PeopleApiIT.json(again).get("phones").get(0).asText());
            rapport.stop();

            Map<String, String> upgrade = changes(derby);
            assertEquals("MARK_RAN", upgrade.get("people-person"), "an existing table is only recorded: " + upgrade);
            assertEquals("MARK_RAN", upgrade.get("rapport-change"), upgrade.toString());
            assertEquals("EXECUTED", upgrade.get("people-phone-phone"), "the missing index is created: " + upgrade);
            assertTrue(indexExists(derby, "PEOPLE_PHONE", "PEOPLE_PHONE_PHONE"));
            assertTrue(!rapport.logText().contains("already exists"), "no module tried to create what exists:\n" + rapport.logText());
        } finally {
            rapport.close();
            shutdown(derby);
        }
    }

    private static Connection open(Path derby) throws SQLException {
        return DriverManager.getConnection("jdbc:derby:" + derby);
    }

    private static void shutdown(Path derby) {
        try {
            DriverManager.getConnection("jdbc:derby:" + derby + ";shutdown=true").close();
        } catch (SQLException expected) {
            // Derby answers a shutdown with an exception (08006), or there was nothing to shut down
        }
    }

    /** Change set id to how it was run (EXECUTED, MARK_RAN), across every module's changelog. */
    private static Map<String, String> changes(Path derby) throws SQLException {
        Map<String, String> result = new TreeMap<>();
        try (Connection c = open(derby); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT ID, EXECTYPE FROM DATABASECHANGELOG")) {
            while (r.next()) {
                result.put(r.getString(1), r.getString(2));
            }
        } finally {
            shutdown(derby);
        }
        return result;
    }

    private static boolean indexExists(Path derby, String table, String index) throws SQLException {
        try (Connection c = open(derby); ResultSet r = c.getMetaData().getIndexInfo(null, "APP", table, false, false)) {
            while (r.next()) {
                if (index.equals(r.getString("INDEX_NAME"))) {
                    return true;
                }
            }
            return false;
        } finally {
            shutdown(derby);
        }
    }
}
