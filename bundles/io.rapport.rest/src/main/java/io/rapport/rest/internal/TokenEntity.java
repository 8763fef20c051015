package io.rapport.rest.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** An API token; only the SHA-256 of its secret is stored. */
@Entity
@Table(name = "REST_TOKEN", indexes = @Index(name = "REST_TOKEN_HASH", columnList = "SECRET_HASH", unique = true))
public class TokenEntity {
    @Id
    @Column(name = "ID", length = 40)
    public String id;

    @Column(name = "NAME", length = 100, nullable = false)
    public String name;

    @Column(name = "ROLE", length = 20, nullable = false)
    public String role;

    @Column(name = "SECRET_HASH", length = 64, nullable = false)
    public String secretHash;

    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;
}
