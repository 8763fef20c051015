package io.rapport.plugins.api;

import java.util.List;

/** A feature: a named set of bundles plus configuration (OSGi Feature JSON), available or installed. */
public final class FeatureInfo {
    /** Its name: the file name without {@code .json}, e.g. {@code rapport-webhook}. */
    public final String name;
    /** The feature's own id (Maven coordinates), e.g. {@code io.rapport:rapport-webhook:osgifeature:0.1.0}. */
    public final String id;
    /** The feature's {@code name} field, for people. */
    public final String title;
    public final String description;
    /** The file it comes from: {@code features/<name>.json} or {@code deploy/<name>.json}. */
    public final String source;
    public final boolean installed;
    /** Its bundles' Maven coordinates, as the feature lists them. */
    public final List<String> bundles;
    /** The PIDs of its configurations ({@code factoryPid~name} for factory ones). */
    public final List<String> configurations;
    /** When installed: its plugin bundles (bundles it shares with the core are not listed). */
    public final List<PluginInfo> plugins;
    /** Why the file cannot be used, in plain words; null when it is fine. */
    public final String problem;

    public FeatureInfo(String name, String id, String title, String description, String source, boolean installed,
            List<String> bundles, List<String> configurations, List<PluginInfo> plugins, String problem) {
        this.name = name;
        this.id = id;
        this.title = title;
        this.description = description;
        this.source = source;
        this.installed = installed;
        this.bundles = List.copyOf(bundles);
        this.configurations = List.copyOf(configurations);
        this.plugins = List.copyOf(plugins);
        this.problem = problem;
    }

    @Override
    public String toString() {
        return name + (installed ? " (installed)" : "") + " " + bundles;
    }
}
