package io.rapport.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;

/** A row of the change log. Other bundles write rows with plain SQL in their own transactions. */
@Entity
@Table(name = "RAPPORT_CHANGE")
public class ChangeEntity {
    @Id
    @Column(name = "SEQ")
    public long seq;

    @Column(name = "TOPIC", length = 200, nullable = false)
    public String topic;

    @Column(name = "MODEL", length = 40)
    public String model;

    @Column(name = "SUBJECT_ID", length = 100)
    public String subjectId;

    @Lob
    @Column(name = "DATA")
    public String data;

    @Column(name = "ACTOR", length = 200)
    public String actor;

    /** Epoch microseconds. */
    @Column(name = "OCCURRED_AT", nullable = false)
    public long occurredAt;
}
