package io.rapport.tags.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.Version;

/** A tag. {@code nameKey} (the name in lower case) makes names unique ignoring case and orders the list. */
@Entity
@Table(name = "TAGS_TAG", indexes = @Index(name = "TAGS_TAG_NAME", columnList = "NAME_KEY,ID"))
public class TagEntity {
    @Id
    @Column(name = "ID", length = 40)
    public String id;

    @Version
    @Column(name = "VERSION")
    public long version;

    @Column(name = "NAME", length = 100, nullable = false)
    public String name;

    @Column(name = "NAME_KEY", length = 100, nullable = false, unique = true)
    public String nameKey;

    @Column(name = "COLOR", length = 7)
    public String color;

    @Column(name = "DESCRIPTION", length = 500)
    public String description;

    /** Epoch microseconds. */
    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    /** Epoch microseconds. */
    @Column(name = "UPDATED_AT", nullable = false)
    public long updatedAt;
}
