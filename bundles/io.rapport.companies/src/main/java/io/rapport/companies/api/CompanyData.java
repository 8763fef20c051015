package io.rapport.companies.api;

/** The writable fields of a company: what a create or a full replace sets. */
public class CompanyData {
    /** Required. */
    public String name;
    /** A host name without scheme or path ({@code Acme.com} is stored as {@code acme.com}); unique when set. */
    public String domain;
    /** An absolute http or https URL. */
    public String website;
    public String industry;
    /** The number of employees, 0 or more. */
    public Integer size;
    /** The id in the customer's own systems; unique when set. */
    public String externalId;
}
