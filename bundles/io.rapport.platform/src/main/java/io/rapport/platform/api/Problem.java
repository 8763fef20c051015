package io.rapport.platform.api;

import java.util.List;

import io.rapport.platform.errors.ConflictException;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.errors.ForbiddenException;
import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.errors.NotFoundException;
import io.rapport.platform.errors.RefusedException;
import io.rapport.platform.errors.StaleVersionException;
import io.rapport.platform.errors.UnavailableException;
import io.rapport.platform.errors.UnsupportedFormatException;

/**
 * The body of every REST error: RFC 9457 problem details, plus {@code errors} naming the fields at fault.
 * Texts are cut to {@link #MAX_DETAIL_CHARS} and {@link #MAX_MESSAGE_CHARS}: a message may quote what the
 * client sent (or what a plugin said of it), and no answer may grow with the request.
 */
public final class Problem {
    /** Longest {@code detail} written. */
    public static final int MAX_DETAIL_CHARS = 2000;
    /** Longest message of one field error, and longest field name, written. */
    public static final int MAX_MESSAGE_CHARS = 500;
    /** Most field errors written. */
    public static final int MAX_ERRORS = 100;

    public final String type;
    public final String title;
    public final int status;
    public final String detail;
    public final List<FieldError> errors;

    public Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        this.type = type;
        this.title = cut(title, MAX_MESSAGE_CHARS);
        this.status = status;
        this.detail = cut(detail, MAX_DETAIL_CHARS);
        this.errors = errors == null || errors.isEmpty() ? null
                : errors.stream().limit(MAX_ERRORS)
                        .map(e -> new FieldError(cut(e.field, MAX_MESSAGE_CHARS), cut(e.message, MAX_MESSAGE_CHARS)))
                        .collect(java.util.stream.Collectors.toUnmodifiableList());
    }

    /** {@code text} cut to {@code max} characters, marked with an ellipsis when cut (never inside a surrogate pair). */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    public static Problem of(ProblemException e) {
        return of((DomainException) e);
    }

    /** The answer to a domain service's failure: its kind decides the status, and only here. */
    public static Problem of(DomainException e) {
        int status = statusOf(e);
        return new Problem(typeFor(status), e.title, status, e.detail, e.errors);
    }

    /** The HTTP status of each kind of domain failure. */
    public static int statusOf(DomainException e) {
        if (e instanceof ProblemException) {
            return ((ProblemException) e).status; // the HTTP layer's own choice
        } else if (e instanceof InvalidException) {
            return 400;
        } else if (e instanceof ForbiddenException) {
            return 403;
        } else if (e instanceof NotFoundException) {
            return 404;
        } else if (e instanceof ConflictException) {
            return 409;
        } else if (e instanceof StaleVersionException) {
            return 412;
        } else if (e instanceof UnsupportedFormatException) {
            return 415;
        } else if (e instanceof RefusedException) {
            return 422;
        } else if (e instanceof UnavailableException) {
            return 503;
        }
        return 500;
    }

    /** A stable type URI per status; clients switch on status and {@code errors}, the URI documents it. */
    public static String typeFor(int status) {
        return "https://rapport.io/problems/" + status;
    }
}
