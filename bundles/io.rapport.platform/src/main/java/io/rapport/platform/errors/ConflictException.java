package io.rapport.platform.errors;

import java.util.List;

import io.rapport.platform.api.FieldError;

/**
 * The change conflicts with what is stored: a value another item already has, or a state that does not
 * allow it. {@link #conflictingId} names the other item when there is one.
 */
public class ConflictException extends DomainException {
    private static final long serialVersionUID = 1L;
    public static final String TITLE = "Conflict";

    /** The id of the item this one conflicts with; null when the conflict is not with one item. */
    public final String conflictingId;

    /** The value of {@code field} is already taken. */
    public ConflictException(String field, String detail) {
        this(detail, List.of(new FieldError(field, detail)), null);
    }

    /** The value of {@code field} is already taken by the item {@code conflictingId}. */
    public ConflictException(String field, String detail, String conflictingId) {
        this(detail, List.of(new FieldError(field, detail)), conflictingId);
    }

    /** The state of what is stored does not allow the change. */
    public ConflictException(String detail) {
        this(detail, List.of(), null);
    }

    public ConflictException(String detail, List<FieldError> errors, String conflictingId) {
        super(TITLE, detail, errors);
        this.conflictingId = conflictingId;
    }
}
