package io.rapport.companies.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.SubjectFilter;

/**
 * Companies, stored and validated, and their links to people. Failures are the kinds of
 * {@code io.rapport.platform.errors}: invalid naming the field, not found, conflict naming the company
 * that already has a domain or external id, stale version when {@code expectedVersion} (from If-Match;
 * null means any) is stale, unavailable when linking needs the people bundle and it is not running. Every change is recorded on {@link CompanyEvents} topics.
 * {@code actor} names who made the change, for the timeline.
 */
@ProviderType
public interface CompaniesService {
    Company create(CompanyData data, String actor);

    Optional<Company> get(String id);

    /**
     * The companies with these ids in the same order, in one read; ids of companies that do not exist
     * (any more) are left out.
     */
    default List<Company> getAll(List<String> ids) {
        List<Company> found = new java.util.ArrayList<>(ids.size());
        for (String id : ids) {
            get(id).ifPresent(found::add);
        }
        return found;
    }

    /**
     * Gives the company a new version because a field another bundle owns (its custom attributes) is being
     * written: checks {@code expectedVersion} as {@link #patch} does, under the same row lock, so that its
     * ETag changes with those fields and If-Match protects them too. Answers it with the new version.
     */
    Company touch(String id, Long expectedVersion);

    /** Applies a JSON merge patch (RFC 7396, as parsed JSON) to the company's fields. */
    Company patch(String id, Map<String, Object> mergePatch, Long expectedVersion, String actor);

    /** Creates the company with this external id, or replaces every field of the existing one. */
    Upsert upsertByExternalId(String externalId, CompanyData data, String actor);

    /** Deletes the company and its links to people. */
    void delete(String id, Long expectedVersion, String actor);

    /** Newest first. {@code domain} and {@code externalId}, when given, are exact lookups. */
    default Page<Company> list(String domain, String externalId, String cursor, int limit) {
        return list(domain, externalId, List.of(), cursor, limit);
    }

    /**
     * Newest first, also under conditions other bundles contribute (e.g. {@code ?tag=}, see
     * {@code Profiles.filters}) on column {@code ID}.
     */
    Page<Company> list(String domain, String externalId, List<SubjectFilter.Condition> conditions, String cursor, int limit);

    /**
     * The same, with the filters named as query parameters (e.g. {@code tag} to a tag id) and resolved
     * through {@code Profiles.filters}: a well-known filter whose bundle is not running is a 400 naming it.
     */
    Page<Company> list(String domain, String externalId, Map<String, String> filters, String cursor, int limit);

    /** Links a person (checked with the people service); true when the link is new, false when it existed. */
    boolean link(String companyId, String personId, String actor);

    /** Removes a link; true when there was one. 404 only for an unknown company. */
    boolean unlink(String companyId, String personId, String actor);

    /** The company's people, most recently linked first. */
    Page<Membership> peopleOf(String companyId, String cursor, int limit);

    /** How many people the company has. */
    int peopleCount(String companyId);

    /** The companies a person belongs to, most recently linked first. */
    List<Company> companiesOf(String personId);

    /** The outcome of an upsert: the company, and whether it was created. */
    final class Upsert {
        public final Company company;
        public final boolean created;

        public Upsert(Company company, boolean created) {
            this.company = company;
            this.created = created;
        }
    }
}
