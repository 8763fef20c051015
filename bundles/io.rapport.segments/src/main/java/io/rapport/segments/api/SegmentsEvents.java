package io.rapport.segments.api;

import io.rapport.platform.api.ChangeEvents;

/**
 * Change log topics of segments. CREATED, UPDATED and DELETED are about the segment itself (model null,
 * subject the segment's id, data {@code entity}, and {@code changes} for UPDATED). ENTERED and LEFT are
 * about one profile (model {@code person} or {@code company}, subject its id, data {@value #SEGMENT_ID}
 * and {@value #SEGMENT_NAME}, actor {@value #ACTOR}): it came to match, or stopped matching, the
 * segment's query because of a change.
 */
public final class SegmentsEvents {
    public static final String CREATED = "rapport/segments/" + ChangeEvents.CREATED;
    public static final String UPDATED = "rapport/segments/" + ChangeEvents.UPDATED;
    public static final String DELETED = "rapport/segments/" + ChangeEvents.DELETED;
    public static final String ENTERED = "rapport/segments/ENTERED";
    public static final String LEFT = "rapport/segments/LEFT";
    public static final String ALL = "rapport/segments/*";

    public static final String SEGMENT_ID = "segment_id";
    public static final String SEGMENT_NAME = "segment_name";
    /** The actor of ENTERED and LEFT. */
    public static final String ACTOR = "segments";

    private SegmentsEvents() {
    }
}
