package io.rapport.search.internal;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Every model's index behind one read-write lock: writers (the change feed, loads) apply whole batches
 * of sink writes under the write lock, so a query (under the read lock) sees a change entirely or not
 * at all. Writes are prepared outside the lock; the lock is held for microseconds to milliseconds.
 */
final class SearchIndex {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, ModelIndex> models = new ConcurrentHashMap<>();
    private final int cached;

    SearchIndex() {
        this(0);
    }

    /** {@code cached}: entries of each model's {@link ConditionCache} (0: none). */
    SearchIndex(int cached) {
        this.cached = cached;
    }

    ModelIndex model(String model) {
        return models.computeIfAbsent(model, m -> new ModelIndex(m, TextColumn.DICTIONARY_LIMIT, cached));
    }

    /** What a load of the subjects' owner announced, per model, to remove the rest when it ends. */
    static final class Seen {
        final Map<String, BitSet> byModel = new HashMap<>();
    }

    /**
     * Applies writes atomically; {@code accept} decides per write whether it still counts (its provider
     * may have gone meanwhile, or it writes a field another provider owns). Returns the subjects whose
     * values changed, by model.
     */
    Map<String, Set<String>> apply(List<SinkOp> ops, java.util.function.Predicate<SinkOp> accept, Seen seen) {
        Map<String, Set<String>> changed = new HashMap<>();
        if (ops.isEmpty()) {
            return changed;
        }
        lock.writeLock().lock();
        try {
            for (SinkOp op : ops) {
                if (!accept.test(op)) {
                    continue;
                }
                ModelIndex m = model(op.model);
                switch (op.kind) {
                case SUBJECT:
                    m.subject(op.id, op.createdAt);
                    if (seen != null) {
                        seen.byModel.computeIfAbsent(op.model, k -> new BitSet()).set(m.live(op.id));
                    }
                    break;
                case REMOVE:
                    m.removeSubject(op.id);
                    break;
                default:
                    m.set(op.id, op.field, op.type, op.value, op.shown);
                }
                if (seen == null) {
                    changed.computeIfAbsent(op.model, k -> new HashSet<>()).add(op.id);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        return changed;
    }

    <T> T write(Function<SearchIndex, T> work) {
        lock.writeLock().lock();
        try {
            return work.apply(this);
        } finally {
            lock.writeLock().unlock();
        }
    }

    <T> T read(String model, Function<ModelIndex, T> work) {
        lock.readLock().lock();
        try {
            return work.apply(model(model));
        } finally {
            lock.readLock().unlock();
        }
    }
}
