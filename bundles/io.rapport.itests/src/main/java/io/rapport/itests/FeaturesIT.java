package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.platform.api.RapportHome;
import io.rapport.plugins.api.FeatureInfo;
import io.rapport.plugins.api.PluginInfo;
import io.rapport.plugins.api.PluginManager;

/**
 * The build-time check of features/: every shipped plugin feature installs into the core (resolves, its
 * bundles start, its configuration is created) and uninstalls as one unit, through the plugin manager as an
 * operator would; and the core feature names exactly bundles that run. The build copies the feature files
 * and their bundles into this runtime's home (features/, repository/, core/).
 */
class FeaturesIT {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20000)
    PluginManager plugins;

    @ParameterizedTest
    @ValueSource(strings = { "rapport-webhook", "rapport-email", "rapport-currency", "rapport-phone" })
    void eachShippedFeatureInstallsIntoTheCoreAndUninstallsAsOneUnit(String name) {
        FeatureInfo available = plugins.feature(name).orElseThrow(() -> new AssertionError("feature " + name + " is not available"));
        assertNull(available.problem, name + ": " + available.problem);
        assertFalse(available.installed);

        FeatureInfo installed = plugins.installFeature(name);
        try {
            assertTrue(installed.installed);
            assertEquals(available.bundles.size(), installed.plugins.size(), installed.toString());
            for (PluginInfo p : installed.plugins) {
                assertEquals("ACTIVE", p.state, p.symbolicName);
                assertEquals(name, p.feature);
                Bundle b = context.getBundle(p.bundleId);
                assertNotNull(b);
                assertEquals(Bundle.ACTIVE, b.getState(), p.symbolicName);
            }
        } finally {
            plugins.uninstallFeature(name);
        }
        for (PluginInfo p : installed.plugins) {
            assertNull(context.getBundle(p.bundleId), p.symbolicName + " left behind");
        }
        assertFalse(plugins.feature(name).orElseThrow().installed);
    }

    @Test
    void theCoreFeatureNamesBundlesThatRun() throws Exception {
        Path file = RapportHome.home(context).resolve("core/rapport-core.json");
        String json = Files.readString(file);
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"io\\.rapport:(io\\.rapport\\.[a-z.]+):[^\"]+\"").matcher(json);
        List<String> listed = new java.util.ArrayList<>();
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertTrue(listed.size() >= 10, "bundles listed in " + file + ": " + listed);
        List<String> active = Arrays.stream(context.getBundles()).filter(b -> b.getState() == Bundle.ACTIVE)
                .map(Bundle::getSymbolicName).collect(Collectors.toList());
        for (String bsn : listed) {
            assertTrue(active.contains(bsn), bsn + " is in the core feature but not active");
        }
        List<String> rapportBundles = active.stream()
                .filter(bsn -> bsn.startsWith("io.rapport.") && !bsn.equals("io.rapport.itests")).collect(Collectors.toList());
        for (String bsn : rapportBundles) {
            assertTrue(listed.contains(bsn), bsn + " runs but the core feature does not list it");
        }
    }
}
