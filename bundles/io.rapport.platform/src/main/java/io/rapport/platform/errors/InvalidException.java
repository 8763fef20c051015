package io.rapport.platform.errors;

import java.util.List;
import java.util.stream.Collectors;

import io.rapport.platform.api.FieldError;

/** The request is wrong: the fields at fault and what to fix in each, or what is wrong with the whole of it. */
public class InvalidException extends DomainException {
    private static final long serialVersionUID = 1L;
    public static final String TITLE = "Invalid request";

    /** One field is wrong. */
    public InvalidException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    /** These fields are wrong. */
    public InvalidException(List<FieldError> errors) {
        this(TITLE, detailOf(errors), errors);
    }

    /** The request as a whole is wrong, titled for what is wrong with it (e.g. "Missing body"). */
    public InvalidException(String title, String detail, List<FieldError> errors) {
        super(title, detail, errors);
    }

    public static String detailOf(List<FieldError> errors) {
        return errors.size() == 1
                ? "Invalid value for '" + errors.get(0).field + "': " + errors.get(0).message
                : "Invalid values: " + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}
