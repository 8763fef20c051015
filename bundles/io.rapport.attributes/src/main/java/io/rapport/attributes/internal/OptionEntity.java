package io.rapport.attributes.internal;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/** One option of a list definition. Written only as a whole list (delete, then insert). */
@Entity
@IdClass(OptionEntity.Key.class)
@Table(name = "ATTRIBUTES_OPTION")
public class OptionEntity {
    @Id
    @Column(name = "DEFINITION_ID", length = 40)
    public String definitionId;

    @Id
    @Column(name = "POSITION")
    public int position;

    @Column(name = "OPTION_VALUE", length = 255, nullable = false)
    public String value;

    public OptionEntity() {
    }

    OptionEntity(String definitionId, int position, String value) {
        this.definitionId = definitionId;
        this.position = position;
        this.value = value;
    }

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String definitionId;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).position == position && Objects.equals(((Key) o).definitionId, definitionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(definitionId, position);
        }
    }
}
