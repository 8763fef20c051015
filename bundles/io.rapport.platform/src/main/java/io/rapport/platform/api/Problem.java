package io.rapport.platform.api;

import java.util.List;

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
        return new Problem(typeFor(e.status), e.title, e.status, e.detail, e.errors);
    }

    /** A stable type URI per status; clients switch on status and {@code errors}, the URI documents it. */
    public static String typeFor(int status) {
        return "https://rapport.io/problems/" + status;
    }
}
