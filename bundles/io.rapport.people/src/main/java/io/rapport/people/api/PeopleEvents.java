package io.rapport.people.api;

import io.rapport.platform.api.ChangeEvents;

/** Event Admin topics of people changes; properties as in {@link ChangeEvents}. */
public final class PeopleEvents {
    public static final String CREATED = "rapport/people/" + ChangeEvents.CREATED;
    public static final String UPDATED = "rapport/people/" + ChangeEvents.UPDATED;
    public static final String DELETED = "rapport/people/" + ChangeEvents.DELETED;
    public static final String ALL = "rapport/people/*";

    private PeopleEvents() {
    }
}
