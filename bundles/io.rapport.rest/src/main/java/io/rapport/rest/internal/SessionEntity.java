package io.rapport.rest.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A signed-in browser: only the SHA-256 of the cookie's secret is stored, with the session's CSRF token. */
@Entity
@Table(name = "REST_SESSION")
public class SessionEntity {
    @Id
    @Column(name = "SECRET_HASH", length = 64)
    public String secretHash;

    @Column(name = "USER_ID", length = 40, nullable = false)
    public String userId;

    @Column(name = "CSRF_TOKEN", length = 64, nullable = false)
    public String csrfToken;

    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    /** When it was last used, to the minute: an idle session ends. */
    @Column(name = "LAST_SEEN_AT", nullable = false)
    public long lastSeenAt;
}
