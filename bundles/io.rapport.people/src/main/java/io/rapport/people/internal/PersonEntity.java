package io.rapport.people.internal;

import java.util.ArrayList;
import java.util.List;

import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.ElementCollection;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.JoinColumn;
import javax.persistence.OrderColumn;
import javax.persistence.Table;
import javax.persistence.Version;

/** A person; its emails are {@link PersonEmailEntity} rows. */
@Entity
@Table(name = "PEOPLE_PERSON", indexes = @Index(name = "PEOPLE_PERSON_CREATED", columnList = "CREATED_AT,ID"))
public class PersonEntity {
    @Id
    @Column(name = "ID", length = 40)
    public String id;

    @Version
    @Column(name = "VERSION")
    public long version;

    @Column(name = "NAME", length = 255)
    public String name;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "PEOPLE_PHONE", joinColumns = @JoinColumn(name = "PERSON_ID"),
            indexes = @Index(name = "PEOPLE_PHONE_PHONE", columnList = "PHONE"))
    @OrderColumn(name = "POSITION")
    @Column(name = "PHONE", length = 40, nullable = false)
    public List<String> phones = new ArrayList<>();

    @Column(name = "AVATAR_URL", length = 2048)
    public String avatarUrl;

    @Column(name = "EXTERNAL_ID", length = 255, unique = true)
    public String externalId;

    @Column(name = "CITY", length = 100)
    public String city;

    @Column(name = "REGION", length = 100)
    public String region;

    @Column(name = "COUNTRY", length = 100)
    public String country;

    /** How the location was learnt: Location.IP or Location.MANUAL (added in 1.3: null on older rows). */
    @Column(name = "LOCATION_SOURCE", length = 10)
    public String locationSource;

    @Column(name = "LOCATION_IP", length = 45)
    public String locationIp;

    @Column(name = "LOCATION_RESOLVED_BY", length = 255)
    public String locationResolvedBy;

    /** Epoch microseconds, from {@code MonotonicClock}: unique and in creation order. */
    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    /** Epoch microseconds. */
    @Column(name = "UPDATED_AT", nullable = false)
    public long updatedAt;
}
