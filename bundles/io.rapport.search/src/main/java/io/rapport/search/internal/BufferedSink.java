package io.rapport.search.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.search.FieldType;
import io.rapport.platform.search.IndexSink;

/**
 * A provider's sink: writes are checked and normalised as they come (outside any lock) and applied in
 * batches, so a change is applied whole and a load holds the write lock only briefly at a time.
 */
final class BufferedSink implements IndexSink {
    private static final Logger LOG = LoggerFactory.getLogger(BufferedSink.class);

    /** Thrown into a provider's load when the provider went away meanwhile, to end it. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("the provider went away", null, false, false);
        }
    }

    private final Provider provider;
    private final int flushEvery;
    private final Consumer<List<SinkOp>> flush;
    private List<SinkOp> ops = new ArrayList<>();
    private long subjects;

    BufferedSink(Provider provider, int flushEvery, Consumer<List<SinkOp>> flush) {
        this.provider = provider;
        this.flushEvery = flushEvery;
        this.flush = flush;
    }

    @Override
    public void subject(String model, String subjectId, long createdAtMicros) {
        if (model == null || subjectId == null) {
            return;
        }
        provider.ownsSubjects.add(model);
        subjects++;
        add(SinkOp.subject(provider, model, subjectId, createdAtMicros));
    }

    @Override
    public void removeSubject(String model, String subjectId) {
        if (model == null || subjectId == null) {
            return;
        }
        provider.ownsSubjects.add(model);
        add(SinkOp.remove(provider, model, subjectId));
    }

    @Override
    public void set(String model, String subjectId, String field, Object value) {
        if (model == null || subjectId == null || field == null) {
            return;
        }
        FieldType type = provider.typeOf(model, field);
        if (type == null) {
            if (provider.warnOnce(model + "/" + field)) {
                LOG.warn("{} writes {} field '{}' that it does not declare in fields(); ignored", provider.bundle, model, field);
            }
            check();
            return;
        }
        Object normal;
        try {
            normal = Values.normalise(type, value);
        } catch (IllegalArgumentException e) {
            if (provider.warnOnce(model + "/" + field + "/value")) {
                LOG.warn("{} writes a bad value to {} field '{}' ({}): {}; ignored", provider.bundle, model, field, type, e.getMessage());
            }
            check();
            return;
        }
        add(SinkOp.set(provider, model, subjectId, field, type, normal, Values.shown(type, value, normal)));
    }

    private void check() {
        if (provider.gone) {
            throw new Cancelled();
        }
    }

    private void add(SinkOp op) {
        check();
        ops.add(op);
        if (ops.size() >= flushEvery) {
            flush();
        }
    }

    long subjects() {
        return subjects;
    }

    void flush() {
        if (!ops.isEmpty()) {
            List<SinkOp> batch = ops;
            ops = new ArrayList<>();
            flush.accept(batch);
        }
    }
}
