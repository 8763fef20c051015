package io.rapport.platform.errors;

import java.util.List;

import io.rapport.platform.api.FieldError;

/**
 * A part the request needs is not available now (a bundle stopped or being updated, the search index
 * loading, storage refusing a write): nothing was changed, and the same request will pass later.
 */
public class UnavailableException extends DomainException {
    private static final long serialVersionUID = 1L;
    public static final String TITLE = "Service unavailable";

    public UnavailableException(String detail) {
        super(TITLE, detail, List.of());
    }

    /** Unavailable for these fields (e.g. a field whose owning bundle is stopped). */
    public UnavailableException(String detail, List<FieldError> errors) {
        super(TITLE, detail, errors);
    }
}
