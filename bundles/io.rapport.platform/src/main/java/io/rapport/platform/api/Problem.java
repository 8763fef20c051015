package io.rapport.platform.api;

import java.util.List;

/** The body of every REST error: RFC 9457 problem details, plus {@code errors} naming the fields at fault. */
public final class Problem {
    public final String type;
    public final String title;
    public final int status;
    public final String detail;
    public final List<FieldError> errors;

    public Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        this.type = type;
        this.title = title;
        this.status = status;
        this.detail = detail;
        this.errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    }

    public static Problem of(ProblemException e) {
        return new Problem(typeFor(e.status), e.title, e.status, e.detail, e.errors);
    }

    /** A stable type URI per status; clients switch on status and {@code errors}, the URI documents it. */
    public static String typeFor(int status) {
        return "https://rapport.io/problems/" + status;
    }
}
