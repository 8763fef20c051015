package io.rapport.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** How far a durable consumer has read the change log. */
@Entity
@Table(name = "RAPPORT_CHANGE_OFFSET")
public class ChangeOffsetEntity {
    @Id
    @Column(name = "CONSUMER", length = 200)
    public String consumer;

    @Column(name = "SEQ", nullable = false)
    public long seq;
}
