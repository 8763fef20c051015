package io.rapport.timeline.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/**
 * A timeline entry. {@code DEDUPE} makes recording idempotent: {@code change:<seq>:<n>} for entries
 * made from the change log (delivered at least once), {@code event:<name>@<micros>} for custom events.
 */
@Entity
@Table(name = "TIMELINE_ENTRY",
        indexes = { @Index(name = "TIMELINE_ENTRY_PAGE", columnList = "MODEL,SUBJECT_ID,OCCURRED_AT,ID"),
                @Index(name = "TIMELINE_ENTRY_TYPE", columnList = "MODEL,SUBJECT_ID,TYPE,OCCURRED_AT") },
        uniqueConstraints = @UniqueConstraint(name = "TIMELINE_ENTRY_ONCE", columnNames = { "MODEL", "SUBJECT_ID", "DEDUPE" }))
public class EntryEntity {
    @Id
    @Column(name = "ID", length = 40)
    public String id;

    @Column(name = "MODEL", length = 20, nullable = false)
    public String model;

    @Column(name = "SUBJECT_ID", length = 100, nullable = false)
    public String subjectId;

    @Column(name = "TYPE", length = 60, nullable = false)
    public String type;

    /** Epoch microseconds. */
    @Column(name = "OCCURRED_AT", nullable = false)
    public long occurredAt;

    @Column(name = "ACTOR", length = 200)
    public String actor;

    @Column(name = "SUMMARY", length = 500)
    public String summary;

    @Lob
    @Column(name = "DATA")
    public String data;

    @Column(name = "DEDUPE", length = 300, nullable = false)
    public String dedupe;
}
