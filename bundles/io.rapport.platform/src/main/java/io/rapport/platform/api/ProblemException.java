package io.rapport.platform.api;

import java.util.List;

import io.rapport.platform.errors.DomainException;

/**
 * A failure with its HTTP status chosen where it happens: for the REST layer (resources, filters, the
 * HTTP front) and for the plugin guard's {@link PluginCallException}. Domain services do not throw it:
 * they throw the kinds in {@code io.rapport.platform.errors}, and the REST bundle's mapper picks their
 * status. Either way the answer is {@code application/problem+json} (RFC 9457).
 */
public class ProblemException extends DomainException {
    private static final long serialVersionUID = 1L;

    public final int status;

    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        super(title, detail, errors);
        this.status = status;
    }

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    /** The same words as the domain kind, with the status the HTTP layer chose: one wording per failure. */
    private static ProblemException of(int status, io.rapport.platform.errors.DomainException kind) {
        return new ProblemException(status, kind.title, kind.detail, kind.errors);
    }

    /** 400: one field of the request (a query parameter, a header) is wrong. */
    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** 400: these fields of the request are wrong. */
    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(400, io.rapport.platform.errors.InvalidException.TITLE,
                io.rapport.platform.errors.InvalidException.detailOf(errors), errors);
    }

    /** 404: no such thing, e.g. {@code notFound("person", id)}. */
    public static ProblemException notFound(String kind, String id) {
        return of(404, new io.rapport.platform.errors.NotFoundException(kind, id));
    }

    /** 409: the value of {@code field} is already taken. */
    public static ProblemException conflict(String field, String detail) {
        return of(409, new io.rapport.platform.errors.ConflictException(field, detail));
    }

    /** 412: the client's If-Match no longer matches the stored version. */
    public static ProblemException preconditionFailed(String kind, String id, long currentVersion) {
        return of(412, new io.rapport.platform.errors.StaleVersionException(kind, id, currentVersion));
    }

    /** 403: the caller is known but may not do this. */
    public static ProblemException forbidden(String detail) {
        return of(403, new io.rapport.platform.errors.ForbiddenException(detail));
    }
}
