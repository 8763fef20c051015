package io.rapport.platform.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.api.PluginCallException;
import io.rapport.platform.api.PluginGuard;
import io.rapport.platform.api.PluginStatus;
import io.rapport.platform.api.PluginStatus.State;

/**
 * Runs plugin calls on a pool thread so that the caller can stop waiting. A call that times out keeps
 * its thread until the plugin returns (Java cannot kill it); {@link #MAX_STUCK} such calls per plugin and
 * further calls are refused without taking a thread, so one hanging plugin cannot starve the others.
 */
@Component(service = PluginGuard.class)
public class PluginGuardImpl implements PluginGuard {
    static final int MAX_STUCK = 4;
    private static final Logger LOG = LoggerFactory.getLogger(PluginGuardImpl.class);

    private final ExecutorService pool;
    private final Map<Long, PluginStatus> statuses = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> running = new ConcurrentHashMap<>();

    public PluginGuardImpl() {
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "rapport-plugin-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void close() {
        pool.shutdownNow();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, E extends Exception> T call(Bundle plugin, String operation, Duration timeout, PluginCall<T, E> call) throws E {
        long id = plugin.getBundleId();
        String name = plugin.getSymbolicName();
        AtomicInteger inFlight = running.computeIfAbsent(id, k -> new AtomicInteger());
        if (inFlight.incrementAndGet() > MAX_STUCK) {
            inFlight.decrementAndGet();
            throw new PluginCallException(503, name, "The plugin " + name + " is not answering: " + MAX_STUCK
                    + " of its calls are still running past their time limit, so " + operation + " was not called.");
        }
        Future<T> future;
        try {
            future = pool.submit(() -> {
                try {
                    return call.call();
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        } catch (RuntimeException e) { // the pool is shut down: the platform is stopping
            inFlight.decrementAndGet();
            throw new PluginCallException(503, name, "Rapport is stopping; " + operation + " of " + name + " was not called.");
        }
        try {
            T result = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            markOk(plugin);
            return result;
        } catch (TimeoutException e) {
            future.cancel(true);
            String message = operation + " did not answer within " + timeout.toMillis() + " ms";
            mark(plugin, State.DEGRADED, message);
            LOG.warn("Plugin {} {}: {}", name, plugin.getVersion(), message);
            throw new PluginCallException(504, name, "The plugin " + name + " did not answer in time: " + message + ".");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new PluginCallException(503, name, "Interrupted while waiting for " + operation + " of " + name + ".");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception && !(cause instanceof RuntimeException)) {
                markOk(plugin);
                throw (E) cause; // the plugin's declared answer, e.g. "this value does not fit"
            }
            String message = operation + " threw " + cause;
            mark(plugin, State.FAILED, message);
            LOG.error("Plugin {} {}: {}", name, plugin.getVersion(), operation, cause);
            throw new PluginCallException(502, name, "The plugin " + name + " failed: " + message + ".");
        }
    }

    @Override
    public void report(Bundle plugin, State state, String message) {
        mark(plugin, state, message);
    }

    @Override
    public void forget(long bundleId) {
        statuses.remove(bundleId);
        running.remove(bundleId);
    }

    @Override
    public List<PluginStatus> statuses() {
        List<PluginStatus> all = new ArrayList<>(statuses.values());
        all.sort(Comparator.comparingLong(s -> s.bundleId));
        return all;
    }

    private void markOk(Bundle plugin) {
        PluginStatus current = statuses.get(plugin.getBundleId());
        if (current == null || current.state != State.OK) {
            mark(plugin, State.OK, null);
        }
    }

    private void mark(Bundle plugin, State state, String message) {
        statuses.compute(plugin.getBundleId(), (id, current) -> current != null && current.state == state
                && java.util.Objects.equals(current.message, message) ? current
                        : new PluginStatus(id, plugin.getSymbolicName(), plugin.getVersion().toString(), state, message, Instant.now()));
    }
}
