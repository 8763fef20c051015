package io.rapport.persistence.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the change log, in order, at least once (so it must be idempotent), from where it stopped:
 * a consumer that was not running when changes happened gets them when it comes back. Registered as a
 * service with {@value #NAME} (the durable name its position is kept under) and {@value #TOPICS} (topic
 * prefixes, e.g. {@code rapport/people/}; absent means every topic). A consumer seen for the first time
 * starts at the beginning of the log.
 */
@ConsumerType
public interface ChangeConsumer {
    String NAME = "rapport.change.consumer";
    String TOPICS = "rapport.change.topics";

    /** Handles one change; throwing means "not now": the same change comes again after a pause. */
    void accept(Change change) throws Exception;

    /**
     * Handles a run of consecutive changes of the topics it asked for, in order; by default one by one.
     * Throwing means "not now": the whole run comes again after a pause. A consumer that writes overrides
     * it to write a run in one transaction.
     */
    default void acceptAll(java.util.List<Change> changes) throws Exception {
        for (Change change : changes) {
            accept(change);
        }
    }
}
