package io.rapport.companies.api;

import java.time.Instant;

/** A person's link to a company, and since when. */
public class Membership {
    public String companyId;
    public String personId;
    public Instant linkedAt;

    public Membership() {
    }

    public Membership(String companyId, String personId, Instant linkedAt) {
        this.companyId = companyId;
        this.personId = personId;
        this.linkedAt = linkedAt;
    }
}
