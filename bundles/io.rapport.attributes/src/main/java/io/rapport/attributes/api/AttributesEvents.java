package io.rapport.attributes.api;

import io.rapport.platform.api.ChangeEvents;

/**
 * Change log topics of custom attributes. {@link #SET} is about one profile (model and subject id set);
 * its data has {@code key}, {@code label}, {@code old} and {@code new} (JSON values, null when absent).
 * The definition topics have no subject; their data has {@code model}, {@code key}, and
 * {@link ChangeEvents#ENTITY} (the definition), {@link ChangeEvents#CHANGES} for updates and
 * {@code values_deleted} for deletions.
 */
public final class AttributesEvents {
    public static final String SET = "rapport/attributes/SET";
    public static final String DEFINITION_CREATED = "rapport/attributes/DEFINITION_CREATED";
    public static final String DEFINITION_UPDATED = "rapport/attributes/DEFINITION_UPDATED";
    public static final String DEFINITION_DELETED = "rapport/attributes/DEFINITION_DELETED";
    public static final String ALL = "rapport/attributes/*";

    private AttributesEvents() {
    }
}
