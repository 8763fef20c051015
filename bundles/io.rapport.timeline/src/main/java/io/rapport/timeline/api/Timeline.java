package io.rapport.timeline.api;

import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import io.rapport.platform.api.Page;

/**
 * The activity timeline of people and companies. It is built from the durable change log (every change
 * of every bundle, caught up after the timeline was stopped) and from custom events clients post.
 */
@ProviderType
public interface Timeline {
    /** Newest first; {@code types} empty means every type. */
    Page<TimelineEntry> entries(String model, String subjectId, Set<String> types, String cursor, int limit);

    /**
     * Records a custom event ({@code name}, ISO {@code occurred_at}, bounded {@code metadata}); the same
     * subject, name and time again is ignored. Answers the entry and whether it is new.
     */
    Recorded recordEvent(String model, String subjectId, Map<String, Object> event, String actor);

    final class Recorded {
        public final TimelineEntry entry;
        public final boolean created;

        public Recorded(TimelineEntry entry, boolean created) {
            this.entry = entry;
            this.created = created;
        }
    }
}
