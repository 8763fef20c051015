package io.rapport.platform.errors;

import java.util.List;

/** The thing asked for does not exist (or no longer does). */
public class NotFoundException extends DomainException {
    private static final long serialVersionUID = 1L;
    public static final String TITLE = "Not found";

    /** No {@code kind} with this id, e.g. {@code new NotFoundException("person", id)}. */
    public NotFoundException(String kind, String id) {
        this("No " + kind + " with id '" + id + "'.");
    }

    public NotFoundException(String detail) {
        super(TITLE, detail, List.of());
    }
}
