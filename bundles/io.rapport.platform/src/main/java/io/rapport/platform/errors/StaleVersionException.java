package io.rapport.platform.errors;

import java.util.List;

/** The caller changed an item from a version it read earlier, and the item has changed since. */
public class StaleVersionException extends DomainException {
    private static final long serialVersionUID = 1L;
    public static final String TITLE = "Precondition failed";

    /** The version stored now; null when it is not known (the change lost a race it could not read). */
    public final Long currentVersion;

    public StaleVersionException(String kind, String id, long currentVersion) {
        this("The " + kind + " '" + id + "' was changed since you read it (current ETag \"" + currentVersion
                + "\"). Read it again and retry with the new ETag in If-Match.", currentVersion);
    }

    public StaleVersionException(String detail, Long currentVersion) {
        super(TITLE, detail, List.of());
        this.currentVersion = currentVersion;
    }
}
