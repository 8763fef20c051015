package io.rapport.companies.api;

import io.rapport.platform.api.ChangeEvents;

/**
 * Change topics of companies; properties as in {@link ChangeEvents}, model {@code company}, id the
 * company's. CREATED, UPDATED and DELETED carry {@code entity} (and {@code changes} for UPDATED). The
 * link topics carry {@code company_id}, {@code company_name}, {@code person_id} and {@code person_name}.
 */
public final class CompanyEvents {
    public static final String CREATED = "rapport/companies/" + ChangeEvents.CREATED;
    public static final String UPDATED = "rapport/companies/" + ChangeEvents.UPDATED;
    public static final String DELETED = "rapport/companies/" + ChangeEvents.DELETED;
    /** A person was linked to the company. */
    public static final String LINKED = "rapport/companies/LINKED";
    /** A person was unlinked from the company. */
    public static final String UNLINKED = "rapport/companies/UNLINKED";
    /** A member of the company was deleted, and with it the link. */
    public static final String PERSON_DELETED = "rapport/companies/PERSON_DELETED";
    public static final String ALL = "rapport/companies/*";

    public static final String COMPANY_ID = "company_id";
    public static final String COMPANY_NAME = "company_name";
    public static final String PERSON_ID = "person_id";
    public static final String PERSON_NAME = "person_name";

    private CompanyEvents() {
    }
}
