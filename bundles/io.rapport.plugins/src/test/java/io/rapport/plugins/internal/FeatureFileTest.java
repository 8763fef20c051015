package io.rapport.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class FeatureFileTest {
    private static FeatureFile parse(String json) throws FeatureFile.InvalidFeature {
        return FeatureFile.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> fields(String json) {
        FeatureFile.InvalidFeature e = assertThrows(FeatureFile.InvalidFeature.class, () -> parse(json));
        return e.errors.stream().map(f -> f.field).collect(Collectors.toList());
    }

    @Test
    void readsTheShippedShape() throws Exception {
        FeatureFile f = parse("{\"feature-resource-version\": \"1.0\", \"id\": \"io.rapport:rapport-webhook:osgifeature:0.1.0-SNAPSHOT\","
                + " \"name\": \"Webhook\", \"license\": \"Apache-2.0\", \"variables\": {},"
                + " \"bundles\": [{\"id\": \"io.rapport:io.rapport.channel.webhook:0.1.0-SNAPSHOT\", \"start-order\": 3}],"
                + " \"configurations\": {\"io.rapport.channel.webhook~default\": {\"channel\": \"webhook\", \"smtp.port\": 2525}}}");
        assertEquals("io.rapport:rapport-webhook:osgifeature:0.1.0-SNAPSHOT", f.id);
        assertEquals("Webhook", f.title);
        assertEquals(List.of("io.rapport:io.rapport.channel.webhook:0.1.0-SNAPSHOT"), f.bundles);
        Dictionary<String, Object> props = FeatureFile.properties(f.configurations.get("io.rapport.channel.webhook~default"));
        assertEquals("webhook", props.get("channel"));
        assertEquals(2525L, props.get("smtp.port"));
    }

    @Test
    void missingIdAndBundlesAreNamed() {
        assertEquals(List.of("id", "bundles"), fields("{\"name\": \"x\"}"));
        assertEquals(List.of("bundles"), fields("{\"id\": \"g:a:1\", \"bundles\": []}"));
        assertEquals(List.of("bundles[1].id"), fields("{\"id\": \"g:a:1\", \"bundles\": [{\"id\": \"g:a:1\"}, {\"id\": \"g:a\"}]}"));
        assertEquals(List.of("(file)"), fields("{\"id\": "));
        assertEquals(List.of("feature-resource-version"), fields("{\"feature-resource-version\": \"2.0\", \"id\": \"g:a:1\", \"bundles\": [\"g:a:1\"]}"));
    }

    @Test
    void mavenLayout() {
        assertEquals("io/rapport/io.rapport.channel.webhook/0.1.0-SNAPSHOT/io.rapport.channel.webhook-0.1.0-SNAPSHOT.jar",
                FeatureFile.repositoryPath("io.rapport:io.rapport.channel.webhook:0.1.0-SNAPSHOT"));
        assertEquals("g/a/1.0/a-1.0.jar", FeatureFile.repositoryPath("g:a:bundle:1.0"));
        assertEquals("g/h/a/1.0/a-1.0-tests.zip", FeatureFile.repositoryPath("g.h:a:zip:tests:1.0"));
        assertNull(FeatureFile.repositoryPath("g:..:1.0"));
        assertNull(FeatureFile.repositoryPath("g:a/../b:1.0"));
        assertNull(FeatureFile.repositoryPath("g:a"));
    }

    @Test
    void typedConfigurationValues() throws Exception {
        FeatureFile f = parse("{\"id\": \"g:a:1\", \"bundles\": [\"g:a:1\"], \"configurations\": {\"p\": {\"port:Integer\": \"8025\","
                + " \"ratio:Double\": 1, \"names\": [\"a\", \"b\"], \"ports:Integer[]\": [1, 2], \"on\": true, \"nested\": {\"k\": 1}}}}");
        Dictionary<String, Object> d = FeatureFile.properties(f.configurations.get("p"));
        assertEquals(8025, d.get("port"));
        assertEquals(1.0, d.get("ratio"));
        assertArrayEquals(new String[] { "a", "b" }, (String[]) d.get("names"));
        assertArrayEquals(new Integer[] { 1, 2 }, (Integer[]) d.get("ports"));
        assertEquals(Boolean.TRUE, d.get("on"));
        assertTrue(String.valueOf(d.get("nested")).contains("\"k\""));
    }
}
