package io.rapport.platform.errors;

import java.util.List;

import io.rapport.platform.api.FieldError;

/**
 * The base of every failure a domain service reports to its caller: a short title, a detail that says
 * what to do about it, and the fields at fault when there are any. Subclasses say which kind of failure
 * it is; nothing here knows how a caller (REST, the shell, a batch) shows it.
 */
public abstract class DomainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public final String title;
    public final String detail;
    public final List<FieldError> errors;

    protected DomainException(String title, String detail, List<FieldError> errors) {
        super(detail);
        this.title = title;
        this.detail = detail;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
