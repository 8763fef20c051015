package io.rapport.tags.internal;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Index;
import javax.persistence.Table;

/**
 * One tag on one profile. The key is the three columns, so a profile carries a tag at most once. Other
 * bundles filter by tag with SQL on this table ({@code TagFilter}): its name and columns are a contract.
 * TAGS_LINK_SUBJECT holds the tag id too, so that a profile's tags, and all links in profile order (the
 * search index's load), are read from the index alone.
 */
@Entity
@IdClass(TagLinkEntity.Key.class)
@Table(name = "TAGS_LINK", indexes = @Index(name = "TAGS_LINK_SUBJECT", columnList = "MODEL,SUBJECT_ID,TAG_ID"))
public class TagLinkEntity {
    @Id
    @Column(name = "TAG_ID", length = 40)
    public String tagId;

    @Id
    @Column(name = "MODEL", length = 20)
    public String model;

    @Id
    @Column(name = "SUBJECT_ID", length = 40)
    public String subjectId;

    /** Epoch microseconds. */
    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    public TagLinkEntity() {
    }

    TagLinkEntity(String tagId, String model, String subjectId, long createdAt) {
        this.tagId = tagId;
        this.model = model;
        this.subjectId = subjectId;
        this.createdAt = createdAt;
    }

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String tagId;
        public String model;
        public String subjectId;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Objects.equals(tagId, ((Key) o).tagId) && Objects.equals(model, ((Key) o).model)
                    && Objects.equals(subjectId, ((Key) o).subjectId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tagId, model, subjectId);
        }
    }
}
