package io.rapport.platform.api;

/**
 * The contract for changes. Every domain bundle records {@code rapport/<domain>/<KIND>} (for example
 * {@code rapport/people/UPDATED}) in the durable change log in the transaction of the change; the log
 * posts each one on Event Admin after it commits, with these properties.
 */
public final class ChangeEvents {
    public static final String CREATED = "CREATED";
    public static final String UPDATED = "UPDATED";
    public static final String DELETED = "DELETED";

    /** The changed thing's id (String). */
    public static final String ID = "id";
    /** The thing as it is after the change (for DELETED: as it was), as a JSON-shaped Map. */
    public static final String ENTITY = "entity";
    /**
     * For UPDATED: {@code Map<String, Map<String, Object>>} from field name to {@code {"old": ..., "new": ...}}.
     */
    public static final String CHANGES = "changes";
    /** {@code person} or {@code company}: what kind of profile the change is about. */
    public static final String MODEL = "model";
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
