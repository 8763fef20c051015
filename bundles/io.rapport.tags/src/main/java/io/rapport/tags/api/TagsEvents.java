package io.rapport.tags.api;

import io.rapport.platform.api.ChangeEvents;

/**
 * Change log topics of tags. CREATED, UPDATED and DELETED are about the tag itself (model null, subject
 * the tag's id, data {@code entity}); ADDED and REMOVED are about one profile (model {@code person} or
 * {@code company}, subject its id, data {@value #TAG_ID} and {@value #TAG_NAME}).
 */
public final class TagsEvents {
    public static final String CREATED = "rapport/tags/" + ChangeEvents.CREATED;
    public static final String UPDATED = "rapport/tags/" + ChangeEvents.UPDATED;
    public static final String DELETED = "rapport/tags/" + ChangeEvents.DELETED;
    public static final String ADDED = "rapport/tags/ADDED";
    public static final String REMOVED = "rapport/tags/REMOVED";
    public static final String ALL = "rapport/tags/*";

    public static final String TAG_ID = "tag_id";
    public static final String TAG_NAME = "tag_name";

    private TagsEvents() {
    }
}
