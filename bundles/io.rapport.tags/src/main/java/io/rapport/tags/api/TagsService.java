package io.rapport.tags.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.rapport.platform.api.Page;

/**
 * Tags and the profiles that carry them. Failures are {@code ProblemException}s: 400 naming the field,
 * 404 for an unknown tag, person or company, 409 naming the tag that already has a name, 412 when
 * {@code expectedVersion} (from If-Match; null means any) is stale, 503 when the bundle that knows the
 * profiles of {@code model} is not running. {@code model} is {@code person} or {@code company}. Every
 * change is recorded in the change log ({@link TagsEvents}); {@code actor} names who made it.
 */
@ProviderType
public interface TagsService {
    int MAX_BULK_IDS = 1000;

    Tag create(TagData data, String actor);

    Optional<Tag> get(String id);

    /** Applies a JSON merge patch (RFC 7396, as parsed JSON) to name, color and description. */
    Tag patch(String id, Map<String, Object> mergePatch, Long expectedVersion, String actor);

    /** Deletes the tag and removes it from everyone that carried it. */
    Deleted delete(String id, Long expectedVersion, String actor);

    /** Sorted by name (ignoring case), with counts. */
    Page<Tag> list(String cursor, int limit);

    /** Tags a profile; true when it was not tagged before (idempotent). */
    boolean add(String tagId, String model, String subjectId, String actor);

    /** Untags a profile; true when it was tagged (idempotent). */
    boolean remove(String tagId, String model, String subjectId, String actor);

    /** The tags of a profile, sorted by name. */
    List<Tag> tagsOf(String model, String subjectId);

    /**
     * Tags and untags up to {@value #MAX_BULK_IDS} profiles at once, all or nothing: unknown ids are one
     * 400 naming each ({@code add[i]}, {@code remove[i]}). Counts only real changes.
     */
    Bulk bulk(String tagId, String model, List<String> add, List<String> remove, String actor);

    /** What a delete removed: {@code {"id": ..., "removed_from": {"people": n, "companies": m}}}. */
    final class Deleted {
        public final String id;
        public final Map<String, Long> removedFrom;

        public Deleted(String id, long people, long companies) {
            this.id = id;
            Map<String, Long> counts = new java.util.LinkedHashMap<>();
            counts.put("people", people);
            counts.put("companies", companies);
            this.removedFrom = java.util.Collections.unmodifiableMap(counts);
        }
    }

    /** What a bulk call changed. */
    final class Bulk {
        public final int added;
        public final int removed;

        public Bulk(int added, int removed) {
            this.added = added;
            this.removed = removed;
        }
    }
}
