package io.rapport.platform.errors;

import java.util.List;

import io.rapport.platform.api.FieldError;

/**
 * The request was well formed and understood, and what it asked for was tried and refused (e.g. a plugin
 * that cannot resolve): nothing of it stayed, and the detail says why in plain words.
 */
public class RefusedException extends DomainException {
    private static final long serialVersionUID = 1L;

    public RefusedException(String title, String detail, List<FieldError> errors) {
        super(title, detail, errors);
    }
}
