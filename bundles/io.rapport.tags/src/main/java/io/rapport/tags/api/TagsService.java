package io.rapport.tags.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.Page;

/**
 * Tags and the profiles that carry them. Failures are the kinds of {@code io.rapport.platform.errors}:
 * invalid naming the field, not found for an unknown tag, person or company, conflict naming the tag
 * that already has a name, stale version when {@code expectedVersion} (from If-Match; null means any) is
 * stale, unavailable when the bundle that knows the profiles of {@code model} is not running. {@code model} is {@code person} or {@code company}. Every
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

    /**
     * The ids of the tags with these names (matched ignoring case, as names are unique that way), for
     * bulk imports, by each name as given. When {@code create}, missing tags are created (each recorded
     * as {@link TagsEvents#CREATED}); otherwise they are left out. A name that is no valid tag name is
     * answered in {@link ByNames#invalid} with the reason, and never created.
     *
     * @since 1.1
     */
    ByNames byNames(java.util.Collection<String> names, boolean create, String actor);

    /**
     * Tags many profiles at once in one transaction, for bulk imports: subject id to the ids of the tags it
     * gets. Tags a profile already carries, and its other tags, are kept. The subjects are not looked up
     * (the caller has just written them). Each new link is recorded as {@link TagsEvents#ADDED}, as by
     * {@link #add}. A subject one of whose tags no longer exists is left untouched and answered in
     * {@link LinkBatch#failed}.
     *
     * @since 1.1
     */
    LinkBatch addBatch(String model, Map<String, List<String>> tagIdsBySubject, String actor);

    /** What {@link #byNames} found. @since 1.1 */
    final class ByNames {
        /** Name as given to tag id. */
        public final Map<String, String> ids;
        /** Name as given to why it is no tag name. */
        public final Map<String, String> invalid;

        public ByNames(Map<String, String> ids, Map<String, String> invalid) {
            this.ids = java.util.Collections.unmodifiableMap(ids);
            this.invalid = java.util.Collections.unmodifiableMap(invalid);
        }
    }

    /** What {@link #addBatch} did. @since 1.1 */
    final class LinkBatch {
        /** Subject id to the ids of the tags it newly carries. */
        public final Map<String, List<String>> added;
        /** Subject id to why it was left untouched. */
        public final Map<String, String> failed;

        public LinkBatch(Map<String, List<String>> added, Map<String, String> failed) {
            this.added = java.util.Collections.unmodifiableMap(added);
            this.failed = java.util.Collections.unmodifiableMap(failed);
        }
    }

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
