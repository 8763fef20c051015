package io.rapport.platform.errors;

import java.util.List;

/**
 * Something the platform relies on failed in a way the caller cannot fix (a plugin answering what its
 * contract forbids): the request did nothing, and the detail names the part that failed.
 */
public class FailedException extends DomainException {
    private static final long serialVersionUID = 1L;

    public FailedException(String title, String detail) {
        super(title, detail, List.of());
    }
}
