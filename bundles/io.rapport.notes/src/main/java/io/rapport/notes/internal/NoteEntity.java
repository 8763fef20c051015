package io.rapport.notes.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.Table;
import javax.persistence.Version;

/** A note on a person or company. */
@Entity
@Table(name = "NOTES_NOTE", indexes = @Index(name = "NOTES_NOTE_SUBJECT", columnList = "MODEL,SUBJECT_ID,CREATED_AT,ID"))
public class NoteEntity {
    @Id
    @Column(name = "ID", length = 40)
    public String id;

    @Version
    @Column(name = "VERSION")
    public long version;

    @Column(name = "MODEL", length = 20, nullable = false)
    public String model;

    @Column(name = "SUBJECT_ID", length = 40, nullable = false)
    public String subjectId;

    // The length sizes the CLOB on Derby (whose default, 64000, is below the 65536-character limit, and
    // counts UTF-16 units); PostgreSQL gets TEXT.
    @Lob
    @Column(name = "BODY", length = 2 * 65536, nullable = false)
    public String body;

    @Column(name = "AUTHOR_TOKEN_ID", length = 40)
    public String authorTokenId;

    @Column(name = "AUTHOR_NAME", length = 200)
    public String authorName;

    /** Epoch microseconds, from {@code MonotonicClock}: unique and in creation order. */
    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    /** Epoch microseconds; null until edited. */
    @Column(name = "EDITED_AT")
    public Long editedAt;
}
