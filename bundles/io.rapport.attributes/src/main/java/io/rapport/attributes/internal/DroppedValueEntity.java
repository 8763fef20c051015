package io.rapport.attributes.internal;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/**
 * A profile that had a value of a definition that was deleted, kept for a day so that the search index
 * can remove the value: the deletion removes the values in its own transaction, before the search reads
 * the change. Written and read with plain SQL only ({@code AttributesServiceImpl.delete},
 * {@link AttributesSearchProvider}).
 */
@Entity
@IdClass(DroppedValueEntity.Key.class)
@Table(name = "ATTRIBUTES_SEARCH_DROPPED")
public class DroppedValueEntity {
    @Id
    @Column(name = "MODEL", length = 20)
    public String model;

    @Id
    @Column(name = "ATTR_KEY", length = 63)
    public String attrKey;

    @Id
    @Column(name = "SUBJECT_ID", length = 40)
    public String subjectId;

    /** Epoch microseconds of the deletion. */
    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String model;
        public String attrKey;
        public String subjectId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Objects.equals(model, ((Key) o).model) && Objects.equals(attrKey, ((Key) o).attrKey)
                    && Objects.equals(subjectId, ((Key) o).subjectId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(model, attrKey, subjectId);
        }
    }
}
