package io.rapport.platform.api;

/**
 * A plugin failed to answer a call made through the {@link PluginGuard}: 502 when it threw, 504 when it
 * did not answer in time, 503 when it has too many calls stuck. The detail names the plugin.
 */
public class PluginCallException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /** The plugin's bundle symbolic name. */
    public final String plugin;

    public PluginCallException(int status, String plugin, String detail) {
        super(status, status == 504 ? "Plugin timed out" : status == 503 ? "Plugin not answering" : "Plugin failed", detail);
        this.plugin = plugin;
    }
}
