package io.rapport.companies.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.Version;

/** A company. DOMAIN and SIZE are SQL keywords somewhere, hence DOMAIN_NAME and EMPLOYEES. */
@Entity
@Table(name = "COMPANIES_COMPANY", indexes = @Index(name = "COMPANIES_COMPANY_CREATED", columnList = "CREATED_AT,ID"))
public class CompanyEntity {
    @Id
    @Column(name = "ID", length = 40)
    public String id;

    @Version
    @Column(name = "VERSION")
    public long version;

    @Column(name = "NAME", length = 255, nullable = false)
    public String name;

    @Column(name = "DOMAIN_NAME", length = 253, unique = true)
    public String domain;

    @Column(name = "WEBSITE", length = 2048)
    public String website;

    @Column(name = "INDUSTRY", length = 100)
    public String industry;

    @Column(name = "EMPLOYEES")
    public Integer size;

    @Column(name = "EXTERNAL_ID", length = 255, unique = true)
    public String externalId;

    /** Epoch microseconds, from {@code MonotonicClock}: unique and in creation order. */
    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    /** Epoch microseconds. */
    @Column(name = "UPDATED_AT", nullable = false)
    public long updatedAt;
}
