package io.rapport.tags.internal;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/**
 * A link a tag deletion removed, kept for a day so that the search index can drop the tag from the
 * profiles that carried it: the delete removes the links in its own transaction, before the search reads
 * the change. Written and read with plain SQL only ({@link TagsServiceImpl#delete}, {@link TagsSearchProvider}).
 */
@Entity
@IdClass(TagUnlinkedEntity.Key.class)
@Table(name = "TAGS_SEARCH_UNLINKED")
public class TagUnlinkedEntity {
    @Id
    @Column(name = "TAG_ID", length = 40)
    public String tagId;

    @Id
    @Column(name = "MODEL", length = 20)
    public String model;

    @Id
    @Column(name = "SUBJECT_ID", length = 40)
    public String subjectId;

    /** Epoch microseconds of the deletion. */
    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String tagId;
        public String model;
        public String subjectId;

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
