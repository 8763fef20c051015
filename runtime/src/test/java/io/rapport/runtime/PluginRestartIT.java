package io.rapport.runtime;

import static io.rapport.runtime.PeopleApiIT.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the plugin manager remembers across a restart of the process: a feature installed by name stays
 * installed, a plugin dropped into deploy/ stays while its file is there, and one whose file was
 * deleted while Rapport was down is removed at the next start.
 */
class PluginRestartIT {
    private static JsonNode plugins(RapportProcess.Api api) throws Exception {
        HttpResponse<String> r = api.get("/api/v1/plugins");
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("data");
    }

    private static boolean lists(JsonNode plugins, String symbolicName) {
        for (JsonNode p : plugins) {
            if (p.get("symbolic_name").asText().equals(symbolicName) && p.get("state").asText().equals("ACTIVE")) {
                return true;
            }
        }
        return false;
    }

    private static void await(RapportProcess.Api api, String symbolicName, boolean present) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (lists(plugins(api), symbolicName) != present) {
            assertTrue(System.currentTimeMillis() < deadline, symbolicName + (present ? " never came: " : " never left: ") + plugins(api));
            Thread.sleep(50);
        }
    }

    @Test
    void installedFeaturesStayAndPluginsWhoseFileWentLeave() throws Exception {
        Path home = Files.createTempDirectory("rapport-plugin-restart");
        Path features = Files.createDirectories(home.resolve("features"));
        Path repository = Paths.get(System.getProperty("rapport.repository", "repository"));
        Files.copy(repository.getParent().resolve("features/rapport-currency.json"), features.resolve("rapport-currency.json"));
        copyTree(repository, home.resolve("repository"));

        RapportProcess rapport = new RapportProcess(home).start();
        try {
            HttpResponse<String> installed = rapport.api().post("/api/v1/plugins", "{\"feature\": \"rapport-currency\"}");
            assertEquals(201, installed.statusCode(), installed.body());
            Files.copy(HotDeployIT.shippedJar("io.rapport.attributes.phone"), home.resolve("deploy/phone.jar"));
            await(rapport.api(), "io.rapport.attributes.phone", true);
            assertTrue(lists(plugins(rapport.api()), "io.rapport.attributes.currency"));
            rapport.stop();

            rapport = new RapportProcess(home).start();
            await(rapport.api(), "io.rapport.attributes.currency", true);
            await(rapport.api(), "io.rapport.attributes.phone", true);
            String types = rapport.api().get("/api/v1/attribute-types").body();
            assertTrue(types.contains("\"currency\"") && types.contains("\"phone\""), types);
            rapport.stop();

            Files.delete(home.resolve("deploy/phone.jar"));
            rapport = new RapportProcess(home).start();
            await(rapport.api(), "io.rapport.attributes.phone", false);
            assertTrue(lists(plugins(rapport.api()), "io.rapport.attributes.currency"), "the feature is still installed");
            assertTrue(!rapport.api().get("/api/v1/attribute-types").body().contains("\"phone\""));
        } finally {
            rapport.close();
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
