package io.rapport.timeline.api;

import java.time.Instant;
import java.util.Map;

/** One entry of a profile's timeline: what happened, when, who did it, in a line, and its details. */
public class TimelineEntry {
    public String id;
    public String type;
    public Instant occurredAt;
    public String actor;
    public String summary;
    public Map<String, Object> data;
}
