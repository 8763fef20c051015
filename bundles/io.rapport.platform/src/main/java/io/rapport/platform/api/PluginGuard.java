package io.rapport.platform.api;

import java.time.Duration;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one way Rapport calls into a plugin (a channel connector, an attribute type, a location
 * resolver): the call runs under a time limit, and a plugin that throws or does not answer in time is
 * contained: the caller gets a {@link PluginCallException} (a problem the REST layer answers with 502
 * or 504 naming the plugin), the plugin is marked {@link PluginStatus.State#FAILED FAILED} or
 * {@link PluginStatus.State#DEGRADED DEGRADED} in the plugin list and in {@code /health}, and other
 * requests go on. A plugin whose calls hang keeps at most a few threads: once that many of its calls
 * are stuck, further calls are refused at once instead of queueing.
 * <p>
 * Checked exceptions the plugin declares (such as an attribute type's {@code InvalidValueException})
 * are the plugin's normal answers: they pass through unchanged and do not mark the plugin.
 */
@ProviderType
public interface PluginGuard {
    /** The time limit of {@link #call(Bundle, String, PluginCall)}. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Runs {@code call} on behalf of {@code plugin} (the bundle that registered the service called).
     *
     * @param operation what is called, for messages, e.g. {@code "ChannelConnector.send"}
     * @throws E what the call threw, when it is a checked exception
     * @throws PluginCallException when the call threw an unchecked exception or error (502), did not
     *             answer within {@code timeout} (504), or the plugin has too many calls stuck (503)
     */
    <T, E extends Exception> T call(Bundle plugin, String operation, Duration timeout, PluginCall<T, E> call) throws E;

    default <T, E extends Exception> T call(Bundle plugin, String operation, PluginCall<T, E> call) throws E {
        return call(plugin, operation, DEFAULT_TIMEOUT, call);
    }

    /** Records a problem found outside a call, e.g. a connector's missing configuration or a refused install. */
    void report(Bundle plugin, PluginStatus.State state, String message);

    /** Forgets what is known of a plugin, e.g. when it is uninstalled or updated. */
    void forget(long bundleId);

    /** Every plugin that has been called or reported, with its current state, by bundle id. */
    List<PluginStatus> statuses();

    /** A call into a plugin. */
    @FunctionalInterface
    interface PluginCall<T, E extends Exception> {
        T call() throws E;
    }
}
