package io.rapport.platform.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A failure the client can act on. The REST platform turns it into an {@code application/problem+json}
 * answer (RFC 9457) with this status, title and detail, and the field errors when there are any.
 * Services throw it; resources let it pass.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public final int status;
    public final String title;
    public final String detail;
    public final List<FieldError> errors;

    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    /** 400: one field is wrong. */
    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** 400: these fields are wrong. */
    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? "Invalid value for '" + errors.get(0).field + "': " + errors.get(0).message
                : "Invalid values: " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
        return new ProblemException(400, "Invalid request", detail, errors);
    }

    /** 404: no such thing, e.g. {@code notFound("person", id)}. */
    public static ProblemException notFound(String kind, String id) {
        return new ProblemException(404, "Not found", "No " + kind + " with id '" + id + "'.");
    }

    /** 409: the value of {@code field} is already taken. */
    public static ProblemException conflict(String field, String detail) {
        return new ProblemException(409, "Conflict", detail, List.of(new FieldError(field, detail)));
    }

    /** 412: the client's If-Match no longer matches the stored version. */
    public static ProblemException preconditionFailed(String kind, String id, long currentVersion) {
        return new ProblemException(412, "Precondition failed",
                "The " + kind + " '" + id + "' was changed since you read it (current ETag \"" + currentVersion
                        + "\"). Read it again and retry with the new ETag in If-Match.");
    }

    /** 403: the caller is known but may not do this. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail);
    }
}
