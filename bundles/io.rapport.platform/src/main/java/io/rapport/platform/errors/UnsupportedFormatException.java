package io.rapport.platform.errors;

import java.util.List;

/** The content is in a format or encoding this operation does not read (e.g. an import that is not UTF-8). */
public class UnsupportedFormatException extends DomainException {
    private static final long serialVersionUID = 1L;
    public static final String TITLE = "Unsupported Media Type";

    public UnsupportedFormatException(String detail) {
        super(TITLE, detail, List.of());
    }
}
