package io.rapport.plugins.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the plugin manager remembers across restarts, in {@code data/plugins/state.json}. */
public class PluginState {
    /** deploy/ file name to the SHA-256 of the content installed from it. */
    public Map<String, String> deploy = new TreeMap<>();
    /** Installed features by name. */
    public Map<String, InstalledFeature> features = new TreeMap<>();

    public static class InstalledFeature {
        /** The feature's id (Maven coordinates). */
        public String id;
        /** The file it was installed from: features/x.json or deploy/x.json. */
        public String source;
        /** Its bundles' Maven coordinates, as the feature lists them. */
        public List<String> coordinates = new ArrayList<>();
        /** The symbolic names of all its bundles, including those shared with the core or other features. */
        public List<String> bundles = new ArrayList<>();
        /** Locations of the bundles this feature is responsible for removing. */
        public List<String> owned = new ArrayList<>();
        /** Configurations it created: the feature's key (PID or factoryPid~name) to the real PID. */
        public Map<String, String> configurations = new LinkedHashMap<>();
        /** Every configuration key it lists, created by it or not. */
        public List<String> configurationKeys = new ArrayList<>();

        InstalledFeature copy() {
            InstalledFeature c = new InstalledFeature();
            c.id = id;
            c.source = source;
            c.coordinates = new ArrayList<>(coordinates);
            c.bundles = new ArrayList<>(bundles);
            c.owned = new ArrayList<>(owned);
            c.configurations = new LinkedHashMap<>(configurations);
            c.configurationKeys = new ArrayList<>(configurationKeys);
            return c;
        }
    }
}
