package io.rapport.platform.api;

/** The kinds of profile that tags, notes, attributes, the timeline and sections attach to. */
public final class Models {
    public static final String PERSON = "person";
    public static final String COMPANY = "company";

    private Models() {
    }

    /** Checks a model name from a client; a 400 on {@code field} otherwise. */
    public static String check(String model, String field) {
        if (PERSON.equals(model) || COMPANY.equals(model)) {
            return model;
        }
        throw ProblemException.invalid(field, "must be 'person' or 'company', was '" + model + "'");
    }
}
