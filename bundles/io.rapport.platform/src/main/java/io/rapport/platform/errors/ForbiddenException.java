package io.rapport.platform.errors;

import java.util.List;

/** The caller is known but may not do this (e.g. edit another agent's note). */
public class ForbiddenException extends DomainException {
    private static final long serialVersionUID = 1L;
    public static final String TITLE = "Forbidden";

    public ForbiddenException(String detail) {
        super(TITLE, detail, List.of());
    }
}
