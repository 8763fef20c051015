package io.rapport.persistence.internal;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Delivers the change log to one consumer on a thread of its own, so that a slow or failing consumer
 * holds up no one else. A change the consumer throws on comes again after a growing pause (1 s to 30 s).
 */
final class ConsumerWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerWorker.class);
    private static final int BATCH = 500;

    private final ChangeLogImpl log;
    private final String name;
    private final List<String> topics;
    private final java.util.function.Supplier<ChangeLogImpl.Handler> handlerSupplier;
    private final boolean durable;
    private final Object signal = new Object();
    private volatile boolean running = true;
    private boolean woken;
    private Thread thread;

    ConsumerWorker(ChangeLogImpl log, String name, List<String> topics, java.util.function.Supplier<ChangeLogImpl.Handler> handler, boolean durable) {
        this.log = log;
        this.name = name;
        this.topics = topics;
        this.handlerSupplier = handler;
        this.durable = durable;
    }

    void start() {
        thread = new Thread(this, "rapport-changes " + name);
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        wake();
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    @Override
    public void run() {
        ChangeLogImpl.Handler handler = null;
        while (running && (handler = handlerSupplier.get()) == null) {
            await(1000); // the consumer's own component is not ready yet
        }
        if (handler == null) {
            return;
        }
        long offset;
        try {
            offset = log.offset(name, durable);
        } catch (RuntimeException e) {
            LOG.error("Change consumer {} cannot read its position; it gets no changes until restarted", name, e);
            return;
        }
        long pause = 1000;
        while (running && log.isActive()) {
            try {
                ChangeLogImpl.Slice slice = log.read(offset, BATCH, topics);
                if (!running) {
                    break;
                }
                if (!slice.wanted.isEmpty()) {
                    handler.accept(slice.wanted);
                }
                if (slice.lastSeq != offset) {
                    offset = slice.lastSeq;
                    if (durable) {
                        log.storeOffset(name, offset);
                    }
                }
                pause = 1000;
                if (slice.size < BATCH) {
                    await(1000);
                }
            } catch (Exception e) {
                if (!running || !log.isActive()) {
                    return;
                }
                LOG.warn("Change consumer {} failed at change after #{}: {}; retrying in {} ms", name, offset, e.toString(), pause);
                await(pause);
                pause = Math.min(pause * 2, 30_000);
            }
        }
    }

    private void await(long millis) {
        synchronized (signal) {
            if (!woken && running) {
                try {
                    signal.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }
}
