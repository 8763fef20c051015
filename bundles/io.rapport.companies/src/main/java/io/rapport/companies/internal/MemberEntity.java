package io.rapport.companies.internal;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Index;
import javax.persistence.Table;

/** A person's link to a company: the pair is the key, so a link exists at most once by construction. */
@Entity
@IdClass(MemberEntity.Key.class)
@Table(name = "COMPANIES_MEMBER", indexes = {
        @Index(name = "COMPANIES_MEMBER_PERSON", columnList = "PERSON_ID,LINKED_AT"),
        @Index(name = "COMPANIES_MEMBER_LINKED", columnList = "COMPANY_ID,LINKED_AT,PERSON_ID") })
public class MemberEntity {
    @Id
    @Column(name = "COMPANY_ID", length = 40)
    public String companyId;

    @Id
    @Column(name = "PERSON_ID", length = 40)
    public String personId;

    /** Epoch microseconds, from {@code MonotonicClock}. */
    @Column(name = "LINKED_AT", nullable = false)
    public long linkedAt;

    public MemberEntity() {
    }

    MemberEntity(String companyId, String personId, long linkedAt) {
        this.companyId = companyId;
        this.personId = personId;
        this.linkedAt = linkedAt;
    }

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        public String companyId;
        public String personId;

        public Key() {
        }

        public Key(String companyId, String personId) {
            this.companyId = companyId;
            this.personId = personId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Objects.equals(companyId, ((Key) o).companyId) && Objects.equals(personId, ((Key) o).personId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(companyId, personId);
        }
    }
}
