package io.rapport.people.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/**
 * One email of a person. The email is the key, so that it is unique across people by construction and
 * a lookup by email is a primary-key read. Written only as a whole list per person (delete, then insert),
 * so that reordering never collides with itself.
 */
@Entity
@Table(name = "PEOPLE_EMAIL", indexes = @Index(name = "PEOPLE_EMAIL_PERSON", columnList = "PERSON_ID"))
public class PersonEmailEntity {
    @Id
    @Column(name = "EMAIL", length = 254)
    public String email;

    @Column(name = "PERSON_ID", length = 40, nullable = false)
    public String personId;

    @Column(name = "POSITION", nullable = false)
    public int position;

    public PersonEmailEntity() {
    }

    PersonEmailEntity(String email, String personId, int position) {
        this.email = email;
        this.personId = personId;
        this.position = position;
    }
}
