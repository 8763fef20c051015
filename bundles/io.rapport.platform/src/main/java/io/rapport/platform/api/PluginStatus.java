package io.rapport.platform.api;

import java.time.Instant;

/** What the {@link PluginGuard} knows of one plugin bundle. */
public final class PluginStatus {
    public enum State {
        /** Its last call succeeded. */
        OK,
        /** It did not answer in time, or reported a problem it may recover from (e.g. missing configuration). */
        DEGRADED,
        /** Its last call threw. */
        FAILED
    }

    public final long bundleId;
    public final String symbolicName;
    public final String version;
    public final State state;
    /** What went wrong, in plain words; null when {@link State#OK}. */
    public final String message;
    /** When the plugin entered this state. */
    public final Instant since;

    public PluginStatus(long bundleId, String symbolicName, String version, State state, String message, Instant since) {
        this.bundleId = bundleId;
        this.symbolicName = symbolicName;
        this.version = version;
        this.state = state;
        this.message = message;
        this.since = since;
    }

    @Override
    public String toString() {
        return symbolicName + " " + version + " " + state + (message == null ? "" : ": " + message);
    }
}
