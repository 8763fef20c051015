package io.rapport.platform.api;

/**
 * The Event Admin contract for changes. Every domain bundle posts {@code rapport/<domain>/<KIND>} (for
 * example {@code rapport/people/UPDATED}) after its transaction commits, with these properties.
 */
public final class ChangeEvents {
    public static final String CREATED = "CREATED";
    public static final String UPDATED = "UPDATED";
    public static final String DELETED = "DELETED";

    /** The changed thing's id (String). */
    public static final String ID = "id";
    /** The thing as it is after the change, as a JSON-shaped Map (absent for DELETED). */
    public static final String ENTITY = "entity";
    /**
     * For UPDATED: {@code Map<String, Map<String, Object>>} from field name to {@code {"old": ..., "new": ...}}.
     */
    public static final String CHANGES = "changes";
    /** Who made the change: the token's name, or {@code system}. */
    public static final String ACTOR = "actor";
    /** When, as an ISO 8601 UTC string. */
    public static final String OCCURRED_AT = "occurred_at";

    private ChangeEvents() {
    }

    public static String topic(String domain, String kind) {
        return "rapport/" + domain + "/" + kind;
    }
}
