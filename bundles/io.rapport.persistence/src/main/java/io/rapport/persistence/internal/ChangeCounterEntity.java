package io.rapport.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * The change log's sequence. Recording a change increments it under a row lock held until commit, so
 * sequence order is commit order: a consumer that has seen up to N can never later find an N-1.
 */
@Entity
@Table(name = "RAPPORT_CHANGE_COUNTER")
public class ChangeCounterEntity {
    @Id
    @Column(name = "NAME", length = 40)
    public String name;

    @Column(name = "LAST_SEQ", nullable = false)
    public long lastSeq;
}
