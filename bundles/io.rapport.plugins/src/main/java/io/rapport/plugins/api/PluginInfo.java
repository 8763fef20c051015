package io.rapport.plugins.api;

import java.time.Instant;
import java.util.List;

/** A plugin bundle as operators see it. */
public final class PluginInfo {
    public final long bundleId;
    public final String symbolicName;
    public final String version;
    /** The OSGi state: ACTIVE, RESOLVED, INSTALLED, STARTING, STOPPING or UNINSTALLED. */
    public final String state;
    /** Where it came from: {@code deploy/<file>}, {@code upload} or {@code feature:<name>}. */
    public final String source;
    /** The installed feature it belongs to, or null. */
    public final String feature;
    /** The services it registers. */
    public final List<ProvidedService> provides;
    /** What the plugin guard knows: OK, FAILED or DEGRADED. OK when it was never called. */
    public final String status;
    /** Why it is FAILED or DEGRADED, in plain words; null when OK. */
    public final String message;
    /** When it was installed or last updated. */
    public final Instant lastModified;

    public PluginInfo(long bundleId, String symbolicName, String version, String state, String source, String feature,
            List<ProvidedService> provides, String status, String message, Instant lastModified) {
        this.bundleId = bundleId;
        this.symbolicName = symbolicName;
        this.version = version;
        this.state = state;
        this.source = source;
        this.feature = feature;
        this.provides = List.copyOf(provides);
        this.status = status;
        this.message = message;
        this.lastModified = lastModified;
    }

    @Override
    public String toString() {
        return symbolicName + " " + version + " " + state + " (" + source + ")";
    }
}
