package io.rapport.platform.api;

import io.rapport.platform.errors.InvalidException;

/** The kinds of profile that tags, notes, attributes, the timeline and sections attach to. */
public final class Models {
    public static final String PERSON = "person";
    public static final String COMPANY = "company";
    /** Conversations: custom attributes may describe them too (not tags, notes or timelines). @since 1.4 */
    public static final String CONVERSATION = "conversation";

    private Models() {
    }

    /** Checks a model name from a client; a 400 on {@code field} otherwise. */
    public static String check(String model, String field) {
        if (PERSON.equals(model) || COMPANY.equals(model)) {
            return model;
        }
        throw new InvalidException(field, "must be 'person' or 'company', was '" + model + "'");
    }
}
