package io.rapport.persistence.api;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The base of a consumer that removes what its bundle keeps of a profile (a person, a company, a
 * conversation) once the profile is deleted. The subclass names the deletion topics it follows and the
 * profile kind of each, and registers with {@link ChangeConsumer#NAME} and those {@link ChangeConsumer#TOPICS}.
 * Durable: deletions made while the bundle was stopped arrive when it starts again, and a change may come
 * twice, so {@link #forget} must be idempotent.
 */
@ConsumerType
public abstract class DeletionCleanup implements ChangeConsumer {
    private final Map<String, String> kindByTopic;

    /** @param kindByTopic deletion topic (e.g. {@code PeopleEvents.DELETED}) to the profile kind it deletes */
    protected DeletionCleanup(Map<String, String> kindByTopic) {
        this.kindByTopic = Map.copyOf(kindByTopic);
    }

    @Override
    public final void accept(Change change) throws Exception {
        String kind = kindByTopic.get(change.topic);
        if (kind != null && change.subjectId != null) {
            forget(kind, change.subjectId, change.actor);
        }
    }

    /** Removes what this bundle keeps of the deleted profile; nothing when it is gone already. */
    protected abstract void forget(String kind, String subjectId, String actor) throws Exception;
}
