package io.rapport.search.internal;

import io.rapport.platform.search.FieldType;

/** One write a provider made through its sink, normalised, waiting to be applied under the write lock. */
final class SinkOp {
    enum Kind {
        SUBJECT, REMOVE, SET
    }

    final Provider source;
    final Kind kind;
    final String model;
    final String id;
    final String field;
    final FieldType type;
    final Object value;
    /** The text as written, when it differs from {@link #value}'s lower case (see {@link Values#shown}). */
    final Object shown;
    final long createdAt;

    private SinkOp(Provider source, Kind kind, String model, String id, String field, FieldType type, Object value, Object shown, long createdAt) {
        this.source = source;
        this.kind = kind;
        this.model = model;
        this.id = id;
        this.field = field;
        this.type = type;
        this.value = value;
        this.shown = shown;
        this.createdAt = createdAt;
    }

    static SinkOp subject(Provider source, String model, String id, long createdAt) {
        return new SinkOp(source, Kind.SUBJECT, model, id, null, null, null, null, createdAt);
    }

    static SinkOp remove(Provider source, String model, String id) {
        return new SinkOp(source, Kind.REMOVE, model, id, null, null, null, null, 0);
    }

    static SinkOp set(Provider source, String model, String id, String field, FieldType type, Object value) {
        return set(source, model, id, field, type, value, null);
    }

    static SinkOp set(Provider source, String model, String id, String field, FieldType type, Object value, Object shown) {
        return new SinkOp(source, Kind.SET, model, id, field, type, value, shown, 0);
    }
}
