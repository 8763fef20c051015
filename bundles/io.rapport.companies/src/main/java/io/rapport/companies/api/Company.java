package io.rapport.companies.api;

import java.time.Instant;

/** A company as stored; {@link #version()} is the ETag's value. */
public class Company {
    public String id;
    public String name;
    /** A host name in lower case, such as {@code acme.com}; unique when set. */
    public String domain;
    public String website;
    public String industry;
    /** The number of employees. */
    public Integer size;
    public String externalId;
    public Instant createdAt;
    public Instant updatedAt;

    private long version;

    public long version() {
        return version;
    }

    public Company version(long version) {
        this.version = version;
        return this;
    }
}
