package io.rapport.timeline.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.IdClass;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * A deleted person or company: changes about it that arrive after its deletion (a note written while it
 * was being deleted, a cleanup in another bundle) make no entries, so nothing is left behind.
 */
@Entity
@IdClass(TombstoneEntity.Key.class)
@Table(name = "TIMELINE_TOMBSTONE")
public class TombstoneEntity {
    @Id
    @Column(name = "MODEL", length = 20)
    public String model;

    @Id
    @Column(name = "SUBJECT_ID", length = 100)
    public String subjectId;

    @Column(name = "DELETED_AT", nullable = false)
    public long deletedAt;

    public static class Key implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public String model;
        public String subjectId;

        public Key() {
        }

        public Key(String model, String subjectId) {
            this.model = model;
            this.subjectId = subjectId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && java.util.Objects.equals(model, ((Key) o).model)
                    && java.util.Objects.equals(subjectId, ((Key) o).subjectId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(model, subjectId);
        }
    }
}
