package io.rapport.persistence.api;

import javax.persistence.EntityManager;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable change log (an outbox). A bundle records each change in the same transaction as the
 * change itself, so a change is in the log exactly when it happened. {@link ChangeConsumer}s get every
 * change in order, at least once, and catch up after they were stopped or crashed. Every change is also
 * posted on Event Admin under its topic, with {@code id}, {@code model}, {@code actor},
 * {@code occurred_at}, {@code seq} and the entries of its data as properties.
 */
@ProviderType
public interface ChangeLog {
    /** Records a change in the transaction {@code em} is in; call {@link #committed()} after the commit. */
    void record(EntityManager em, Change change);

    /**
     * Records changes, in this order, in the transaction {@code em} is in, with one statement batch:
     * what bulk writes use. Call {@link #committed()} after the commit.
     */
    void recordAll(EntityManager em, java.util.List<Change> changes);

    /** Wakes the consumers now rather than at their next poll (a second at most). */
    void committed();

    /** The sequence number of the last recorded change (0 for none). */
    long lastSeq();

    /**
     * Up to {@code limit} changes recorded after {@code afterSeq}, oldest first: for readers that follow the
     * log themselves (the change stream of the dashboard) rather than as a {@link ChangeConsumer}.
     */
    java.util.List<Change> read(long afterSeq, int limit);
}
