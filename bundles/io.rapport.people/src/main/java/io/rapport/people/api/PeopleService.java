package io.rapport.people.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.rapport.platform.api.Page;
import io.rapport.platform.api.SubjectFilter;

/**
 * People, stored and validated. Failures are {@code ProblemException}s: 400 naming the field, 404, 409
 * naming the person that already has an email or external id, 412 when {@code expectedVersion} (from
 * If-Match; null means any) is stale. Every change posts an event on {@link PeopleEvents} topics after
 * it commits. {@code actor} names who made the change, for the timeline.
 */
@ProviderType
public interface PeopleService {
    Person create(PersonData data, String actor);

    Optional<Person> get(String id);

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
