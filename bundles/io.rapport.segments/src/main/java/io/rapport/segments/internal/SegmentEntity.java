package io.rapport.segments.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;
import javax.persistence.Version;

/** A segment. {@code nameKey} (the name in lower case) makes names unique per model ignoring case. */
@Entity
@Table(name = "SEGMENTS_SEGMENT", indexes = @Index(name = "SEGMENTS_SEGMENT_CREATED", columnList = "CREATED_AT,ID"),
        uniqueConstraints = @UniqueConstraint(name = "SEGMENTS_SEGMENT_NAME", columnNames = { "MODEL", "NAME_KEY" }))
public class SegmentEntity {
    @Id
    @Column(name = "ID", length = 40)
    public String id;

    @Version
    @Column(name = "VERSION")
    public long version;

    @Column(name = "NAME", length = 100, nullable = false)
    public String name;

    @Column(name = "NAME_KEY", length = 100, nullable = false)
    public String nameKey;

    @Column(name = "MODEL", length = 20, nullable = false)
    public String model;

    /** The query as JSON text (a VARCHAR, not a LOB: small, and read with every segment). */
    @Column(name = "QUERY_JSON", length = SegmentJson.MAX_QUERY_CHARS, nullable = false)
    public String queryJson;

    /** Epoch microseconds, from {@code MonotonicClock}. */
    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    /** Epoch microseconds. */
    @Column(name = "UPDATED_AT", nullable = false)
    public long updatedAt;
}
