package io.rapport.persistence.api;

import java.time.Instant;
import java.util.Map;

/**
 * One change, as recorded in the durable change log: what happened ({@code topic}, e.g.
 * {@code rapport/people/UPDATED}), to which profile ({@code model}, {@code subjectId}), the details as
 * JSON-shaped {@code data}, who did it and when. {@code seq} orders the log (0 until recorded).
 */
public final class Change {
    public final long seq;
    public final String topic;
    public final String model;
    public final String subjectId;
    public final Map<String, Object> data;
    public final String actor;
    public final Instant occurredAt;

    public Change(long seq, String topic, String model, String subjectId, Map<String, Object> data, String actor, Instant occurredAt) {
        this.seq = seq;
        this.topic = topic;
        this.model = model;
        this.subjectId = subjectId;
        this.data = data == null ? Map.of() : data;
        this.actor = actor == null ? "system" : actor;
        this.occurredAt = occurredAt;
    }

    /** A change to record now. */
    public static Change of(String topic, String model, String subjectId, Map<String, Object> data, String actor) {
        return new Change(0, topic, model, subjectId, data, actor, Instant.now());
    }

    @Override
    public String toString() {
        return "#" + seq + " " + topic + " " + model + " " + subjectId;
    }
}
