package io.rapport.segments.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.Page;

/**
 * Segments, stored and checked. Failures are the kinds of {@code io.rapport.platform.errors}: invalid
 * naming the field (a query error as {@code query...}), not found, conflict when another segment of the
 * model has the name (ignoring case), stale version when {@code expectedVersion} (from If-Match; null
 * means any) is stale, unavailable when the search bundle
 * (or, for members, the people or companies bundle) is not running or the query cannot run now.
 */
@ProviderType
public interface SegmentsService {
    Segment create(SegmentData data, String actor);

    Optional<Segment> get(String id);

    /** A JSON merge patch of {@code name} and {@code query} (the query is replaced whole). */
    Segment patch(String id, Map<String, Object> mergePatch, Long expectedVersion, String actor);

    void delete(String id, Long expectedVersion, String actor);

    /** Newest first; {@code model} null for both models. */
    Page<Segment> list(String model, String cursor, int limit);

    /** The profiles that match the segment's query now, in the search's default order (newest first). */
    MembersPage members(String id, String cursor, int limit);

    /**
     * The segments of {@code model} that the profile {@code subjectId} is in now, by name. Segments whose
     * query cannot run now are left out.
     *
     * @since 1.1
     */
    List<Segment> segmentsOf(String model, String subjectId);
}
