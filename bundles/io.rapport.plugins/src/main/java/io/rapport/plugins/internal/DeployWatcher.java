package io.rapport.plugins.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls {@code deploy/} (a poll works on every file system, unlike change notifications): a new or
 * changed {@code *.jar} or {@code *.json} is handed to the plugin manager once its size and time stop
 * changing between two polls (a jar moved in, already complete and not written to lately, at once); a
 * removed one is uninstalled. A refused file is not tried again
 * until its content changes. All state here belongs to the one polling thread.
 */
final class DeployWatcher {
    /** How long a jar must not have been written to before it may be taken without a second look. */
    static final long SETTLED_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(DeployWatcher.class);
    /** A jar that is still no complete zip this long after its last change is refused as broken. */
    private static final long INCOMPLETE_GRACE_MILLIS = 5000;

    private final PluginManagerImpl manager;
    private final Path dir;
    private final long pollMillis;
    private final ScheduledExecutorService executor;
    private final Map<String, Seen> seen = new HashMap<>();
    /** File name to the hash of the content that was refused. */
    private final Map<String, String> refused = new HashMap<>();
    private boolean reconciled;

    private static final class Seen {
        long size;
        long modified;
        long changedAt;
        boolean handled;

        Seen(long size, long modified, long now) {
            this.size = size;
            this.modified = modified;
            this.changedAt = now;
        }
    }

    DeployWatcher(PluginManagerImpl manager, Path dir, long pollMillis) {
        this.manager = manager;
        this.dir = dir;
        this.pollMillis = pollMillis;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rapport-deploy-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        executor.scheduleWithFixedDelay(this::poll, 0, pollMillis, TimeUnit.MILLISECONDS);
    }

    void stop() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("The deploy/ watcher did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll() {
        try {
            Map<String, BasicFileAttributes> files = list();
            if (!reconciled) {
                manager.reconcileAtStart(files.keySet());
                reconciled = true;
            }
            for (String file : manager.deployedFiles()) {
                if (!files.containsKey(file) && !Thread.currentThread().isInterrupted()) {
                    manager.undeploy(file);
                }
            }
            for (String file : refused.keySet().toArray(new String[0])) {
                if (!files.containsKey(file)) {
                    refused.remove(file);
                    manager.forgetRefusals("deploy/" + file);
                }
            }
            seen.keySet().retainAll(files.keySet());
            long now = System.currentTimeMillis();
            for (Map.Entry<String, BasicFileAttributes> e : files.entrySet()) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                String file = e.getKey();
                long size = e.getValue().size();
                long modified = e.getValue().lastModifiedTime().toMillis();
                Seen s = seen.get(file);
                if (s == null) {
                    s = new Seen(size, modified, now);
                    seen.put(file, s);
                    if (now - modified < 1000 && !settledJar(file, modified, now)) {
                        continue; // just written: wait one poll to see that it stopped changing
                    }
                } else if (s.size != size || s.modified != modified) {
                    s.size = size;
                    s.modified = modified;
                    s.changedAt = now;
                    s.handled = false;
                    if (!settledJar(file, modified, now)) {
                        continue;
                    }
                }
                if (!s.handled) {
                    s.handled = handle(file, s, now);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Scanning {} failed", dir, e);
        }
    }

    private Map<String, BasicFileAttributes> list() {
        Map<String, BasicFileAttributes> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !(name.endsWith(".jar") || name.endsWith(".json"))) {
                    return;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        files.put(name, attributes);
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            });
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", dir, e.toString());
        }
        return files;
    }

    /**
     * A jar not written to for a moment whose zip directory is complete can be taken at once, without
     * waiting a poll to see it stable: the usual drop, a file moved in (keeping its time). Only the time
     * is not enough (a copy keeps writing) nor only the zip (a jar embedding jars can look complete
     * while half copied).
     */
    private boolean settledJar(String file, long modified, long now) {
        return file.endsWith(".jar") && now - modified >= SETTLED_MILLIS && Jars.isCompleteZip(dir.resolve(file));
    }

    /** Installs, updates or refuses one stable file; false to look at it again at the next poll. */
    private boolean handle(String file, Seen s, long now) {
        Path path = dir.resolve(file);
        boolean jar = file.endsWith(".jar");
        byte[] bytes;
        try {
            if (jar && !Jars.isCompleteZip(path)) {
                if (now - s.changedAt < INCOMPLETE_GRACE_MILLIS) {
                    return false; // perhaps still being copied
                }
                bytes = Files.readAllBytes(path);
                String hash = Jars.sha256(bytes);
                if (!hash.equals(refused.get(file))) {
                    manager.refuseFile(file, "deploy/" + file + " is not a jar file (it is no complete zip archive). Nothing was installed.");
                    refused.put(file, hash);
                }
                return true;
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            return false;
        }
        String hash = Jars.sha256(bytes);
        if (hash.equals(refused.get(file)) || manager.isDeployed(file, hash)) {
            return true;
        }
        boolean ok = jar ? manager.deployJar(file, bytes, hash) : manager.deployFeature(file, bytes, hash);
        if (ok) {
            refused.remove(file);
        } else {
            refused.put(file, hash);
        }
        return true;
    }
}
