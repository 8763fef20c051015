package io.rapport.attributes.spi;

/**
 * A JSON value that does not fit its attribute's type. The message is shown to the client as the reason,
 * after the attribute's name ({@code attributes.plan: must be one of basic, pro}), so it should say what
 * is expected, e.g. "must be a number, was a string".
 */
public class InvalidValueException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidValueException(String reason) {
        super(reason);
    }
}
