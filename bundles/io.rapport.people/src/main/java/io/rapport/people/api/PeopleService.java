package io.rapport.people.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.SubjectFilter;

/**
 * People, stored and validated. Failures are the kinds of {@code io.rapport.platform.errors}: invalid
 * naming the field, not found, conflict naming the person that already has an email or external id,
 * stale version when {@code expectedVersion} (from If-Match; null means any) is stale. Every change posts an event on {@link PeopleEvents} topics after
 * it commits. {@code actor} names who made the change, for the timeline.
 */
@ProviderType
public interface PeopleService {
    Person create(PersonData data, String actor);

    Optional<Person> get(String id);

    /**
     * The people with these ids in the same order, in one read; ids of people that do not exist (any
     * more) are left out.
     */
    default List<Person> getAll(List<String> ids) {
        List<Person> found = new java.util.ArrayList<>(ids.size());
        for (String id : ids) {
            get(id).ifPresent(found::add);
        }
        return found;
    }

    /**
     * Gives the person a new version because a field another bundle owns (her custom attributes) is being
     * written: checks {@code expectedVersion} as {@link #patch} does, under the same row lock, so that her
     * ETag changes with those fields and If-Match protects them too. Answers her with the new version.
     */
    Person touch(String id, Long expectedVersion);

    /** Applies a JSON merge patch (RFC 7396, as parsed JSON) to the person's fields. */
    Person patch(String id, Map<String, Object> mergePatch, Long expectedVersion, String actor);

    /** Creates the person with this external id, or replaces every field of the existing one. */
    Upsert upsertByExternalId(String externalId, PersonData data, String actor);

    void delete(String id, Long expectedVersion, String actor);

    /** Newest first. {@code email} and {@code externalId}, when given, are exact lookups. */
    default Page<Person> list(String email, String externalId, String cursor, int limit) {
        return list(email, externalId, List.of(), cursor, limit);
    }

    /** Newest first, also under conditions other bundles contribute (e.g. {@code ?tag=}) on column {@code ID}. */
    Page<Person> list(String email, String externalId, List<SubjectFilter.Condition> conditions, String cursor, int limit);

    Optional<Person> findByEmail(String email);

    /**
     * The person with this phone number, written as stored or with its separators (spaces, dots,
     * dashes, brackets) left out; the oldest when several share it. Empty for a value that is no phone
     * number.
     */
    Optional<Person> findByPhone(String phone);

    /** Rows one {@link #upsertBatch} call takes at most. */
    int MAX_BATCH = 1000;

    /**
     * Creates or updates many people in one transaction, for bulk imports. Each row is a person's JSON
     * object (the fields of POST /people) with only the fields it sets: on an existing person the fields
     * present replace the stored ones (null clears one; {@code location}'s city, region and country each
     * on their own) and absent ones are kept. A row finds its person by {@code external_id} when it has
     * one, else by its first email, and creates one when neither is found; a row with neither is a 400.
     * Rows apply in order, so a later row sees what an earlier one did. A row that is invalid (400) or
     * would take another person's email or external id (409) writes nothing and is answered with its
     * problem; the others are written. Each created or changed person is recorded in the change log as
     * {@link PeopleEvents#CREATED} or {@link PeopleEvents#UPDATED}, as by the single-person methods.
     *
     * @return one outcome per row, in order
     * @since 1.2
     */
    List<BatchUpsert> upsertBatch(List<Map<String, Object>> rows, String actor);

    /** The outcome of one row of {@link #upsertBatch}. @since 1.2 */
    final class BatchUpsert {
        /** The person after the row; null when the row failed. */
        public final Person person;
        /** The person before the row when it updated one (what an undo restores); null when created or failed. */
        public final Person previous;
        public final boolean created;
        /** Why the row wrote nothing; null when it was written (or needed no change). */
        public final io.rapport.platform.errors.DomainException problem;

        public BatchUpsert(Person person, Person previous, boolean created, io.rapport.platform.errors.DomainException problem) {
            this.person = person;
            this.previous = previous;
            this.created = created;
            this.problem = problem;
        }

        public static BatchUpsert failed(io.rapport.platform.errors.DomainException problem) {
            return new BatchUpsert(null, null, false, problem);
        }
    }

    /** The outcome of an upsert: the person, and whether it was created. */
    final class Upsert {
        public final Person person;
        public final boolean created;

        public Upsert(Person person, boolean created) {
            this.person = person;
            this.created = created;
        }
    }
}
