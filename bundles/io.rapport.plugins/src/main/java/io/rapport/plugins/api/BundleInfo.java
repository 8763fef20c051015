package io.rapport.plugins.api;

/** Any bundle of the framework: core or plugin. */
public final class BundleInfo {
    public static final String CORE = "core";
    public static final String PLUGIN = "plugin";

    public final long bundleId;
    public final String symbolicName;
    public final String version;
    /** ACTIVE, RESOLVED, INSTALLED, STARTING, STOPPING or UNINSTALLED. */
    public final String state;
    /** {@value #CORE} or {@value #PLUGIN}. */
    public final String kind;
    /** For plugins, where it came from (see {@link PluginInfo#source}); null for core bundles. */
    public final String source;

    public BundleInfo(long bundleId, String symbolicName, String version, String state, String kind, String source) {
        this.bundleId = bundleId;
        this.symbolicName = symbolicName;
        this.version = version;
        this.state = state;
        this.kind = kind;
        this.source = source;
    }

    @Override
    public String toString() {
        return bundleId + " " + symbolicName + " " + version + " " + state + " " + kind;
    }
}
