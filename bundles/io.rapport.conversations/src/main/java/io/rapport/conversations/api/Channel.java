package io.rapport.conversations.api;

/** A running channel connector, and how its plugin is doing. */
public class Channel {
    public String channel;
    public String label;
    public boolean canSend;
    public String pluginSymbolicName;
    public String pluginVersion;
    public long pluginBundleId;
    /** {@code OK}, {@code DEGRADED} or {@code FAILED}, from the plugin guard. */
    public String status;
    /** What went wrong; null when OK. */
    public String statusMessage;
}
