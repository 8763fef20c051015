package io.rapport.platform.api;

import java.util.Objects;

/** One invalid field of a request: its name as the client wrote it (dotted for nested ones) and what to fix. */
public final class FieldError {
    public final String field;
    public final String message;

    public FieldError(String field, String message) {
        this.field = Objects.requireNonNull(field);
        this.message = Objects.requireNonNull(message);
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
