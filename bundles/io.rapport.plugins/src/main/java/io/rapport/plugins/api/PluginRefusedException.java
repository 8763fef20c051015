package io.rapport.plugins.api;

import java.util.List;

import io.rapport.platform.api.FieldError;
import io.rapport.platform.errors.RefusedException;

/**
 * An install or update was refused and rolled back. {@code detail} says in plain words what is missing
 * and who needs it; each error's {@code field} is the symbolic name of a bundle at fault.
 */
public class PluginRefusedException extends RefusedException {
    private static final long serialVersionUID = 1L;
    public static final String TITLE = "Plugin refused";

    public PluginRefusedException(String detail, List<FieldError> errors) {
        super(TITLE, detail, errors);
    }
}
