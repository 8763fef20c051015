package io.rapport.plugins.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.rapport.plugins.internal.PluginState.InstalledFeature;

/**
 * What the plugin manager keeps on disk: its state file ({@code data/plugins/state.json}: the installed
 * features and the deploy/ files installed, by content hash), and a copy of each uploaded plugin's jar, so
 * that a refused update can put the previous jar back.
 */
final class PluginStore {
    private static final Logger LOG = LoggerFactory.getLogger(PluginStore.class);
    // written for people to read; its field names are the file's format, so no naming strategy
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BundleContext context;
    private final Path stateFile;
    /** Copies of the installed features, for readers that must not wait for a running operation. */
    private volatile Map<String, InstalledFeature> installedFeatures = Map.of();

    PluginStore(BundleContext context, Path stateFile) throws IOException {
        this.context = context;
        this.stateFile = stateFile;
        Files.createDirectories(stateFile.getParent());
    }

    /** The stored state; an empty one when there is none or it cannot be read (logged). */
    PluginState load() {
        PluginState state = new PluginState();
        if (Files.isRegularFile(stateFile)) {
            try {
                state = JSON.readValue(stateFile.toFile(), PluginState.class);
                if (state.deploy == null) {
                    state.deploy = new TreeMap<>();
                }
                if (state.features == null) {
                    state.features = new TreeMap<>();
                }
            } catch (IOException e) {
                LOG.error("{} cannot be read ({}); starting with no installed features", stateFile, e.toString());
                state = new PluginState();
            }
        }
        installedFeatures = snapshot(state);
        return state;
    }

    /** Writes the state (whole, atomically) and renews the readers' copy of the installed features. */
    void save(PluginState state) {
        try {
            Path tmp = stateFile.resolveSibling("state.json.tmp");
            JSON.writeValue(tmp.toFile(), state);
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("{} cannot be written: {}", stateFile, e.toString());
        }
        installedFeatures = snapshot(state);
    }

    /** The installed features as of the last load or save. */
    Map<String, InstalledFeature> installedFeatures() {
        return installedFeatures;
    }

    private static Map<String, InstalledFeature> snapshot(PluginState s) {
        Map<String, InstalledFeature> copy = new TreeMap<>();
        s.features.forEach((k, v) -> copy.put(k, v.copy()));
        return Collections.unmodifiableMap(copy);
    }

    /** The kept jar of a plugin; null when the framework gives no data area. */
    private File jarCopy(Bundle b) {
        return context.getDataFile("jars/" + b.getBundleId() + ".jar");
    }

    void writeJarCopy(Bundle b, byte[] bytes) {
        File copy = jarCopy(b);
        if (copy == null) {
            return;
        }
        try {
            Files.createDirectories(copy.toPath().getParent());
            Files.write(copy.toPath(), bytes);
        } catch (IOException e) {
            LOG.warn("Cannot keep a copy of {}: {}; a refused update of it cannot be rolled back", b.getSymbolicName(), e.toString());
        }
    }

    /** The kept jar of a plugin; null when there is none. */
    byte[] readJarCopy(Bundle b) {
        File copy = jarCopy(b);
        try {
            return copy != null && copy.isFile() ? Files.readAllBytes(copy.toPath()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Forgets the kept jar of a plugin that was uninstalled. */
    void deleteJarCopy(Bundle b) {
        File copy = jarCopy(b);
        if (copy != null) {
            copy.delete();
        }
    }
}
