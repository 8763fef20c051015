package io.rapport.rest.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** A team member who signs in to the dashboard: an email, a name, a password (its Argon2id hash) and a role. */
@Entity
@Table(name = "REST_USER", indexes = @Index(name = "REST_USER_EMAIL", columnList = "EMAIL", unique = true))
public class UserEntity {
    @Id
    @Column(name = "ID", length = 40)
    public String id;

    /** Lower case, as the people's emails. */
    @Column(name = "EMAIL", length = 254, nullable = false)
    public String email;

    @Column(name = "NAME", length = 100, nullable = false)
    public String name;

    @Column(name = "ROLE", length = 20, nullable = false)
    public String role;

    @Column(name = "PASSWORD_HASH", length = 200, nullable = false)
    public String passwordHash;

    /** A deactivated user cannot sign in; their sessions ended when they were deactivated. */
    @Column(name = "ACTIVE", nullable = false)
    public boolean active;

    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    public long updatedAt;
}
