package io.rapport.attributes.internal;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Index;
import javax.persistence.Table;

/**
 * One attribute value of one profile, in the typed column of its storage kind, so that values compare by
 * their type (the search index loads them as they are stored). Only text has an index of its own,
 * (MODEL, ATTR_KEY, TEXT_KEY), which also serves the queries by definition (values of a key, options in
 * use); the number, time and boolean columns have none: no query filters on them since search moved
 * into memory, and each index cost every value written another insert (AttributesServiceImpl drops them
 * from databases made before). A text list has
 * one row per item (ITEM 0, 1, ...); other values are ITEM 0. ATTRIBUTES_VALUE_SUBJECT serves reading,
 * writing and deleting a profile's values, and reading all values in profile order (the search index's
 * load): the primary key's columns are in an order the JPA provider chooses, so it cannot be relied on.
 * <p>
 * Text is indexed through TEXT_KEY, its first {@value #TEXT_KEY_LENGTH} characters in lower case, not
 * through TEXT_VALUE itself: a 4000-character key would exceed PostgreSQL's b-tree row limit (about
 * 2.7 kB). An exact match is {@code TEXT_KEY = ? AND TEXT_VALUE = ?}; the key alone also serves
 * case-insensitive matches and prefixes.
 * <p>
 * RAW (on ITEM 0) is the value's JSON as its type formatted it when written, to read it back while the
 * type is not installed.
 */
@Entity
@IdClass(ValueEntity.Key.class)
@Table(name = "ATTRIBUTES_VALUE", indexes = {
        @Index(name = "ATTRIBUTES_VALUE_SUBJECT", columnList = "MODEL,SUBJECT_ID,ATTR_KEY,ITEM"),
        @Index(name = "ATTRIBUTES_VALUE_TEXT", columnList = "MODEL,ATTR_KEY,TEXT_KEY") })
public class ValueEntity {
    static final int TEXT_KEY_LENGTH = 200;

    @Id
    @Column(name = "MODEL", length = 20)
    public String model;

    @Id
    @Column(name = "SUBJECT_ID", length = 40)
    public String subjectId;

    @Id
    @Column(name = "ATTR_KEY", length = 63)
    public String attrKey;

    @Id
    @Column(name = "ITEM")
    public int item;

    /** The {@code StorageKind} the value was written as. */
    @Column(name = "STORAGE", length = 12, nullable = false)
    public String storage;

    @Column(name = "TEXT_VALUE", length = 4000)
    public String textValue;

    @Column(name = "TEXT_KEY", length = TEXT_KEY_LENGTH)
    public String textKey;

    @Column(name = "NUMBER_VALUE", precision = 31, scale = 10)
    public BigDecimal numberValue;

    @Column(name = "BOOL_VALUE")
    public Boolean boolValue;

    @Column(name = "TIME_VALUE")
    public Long timeValue;

    @Column(name = "RAW", length = 32000)
    public String raw;

    /** Epoch microseconds. */
    @Column(name = "UPDATED_AT", nullable = false)
    public long updatedAt;

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String model;
        public String subjectId;
        public String attrKey;
        public int item;

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return k.item == item && Objects.equals(k.model, model) && Objects.equals(k.subjectId, subjectId)
                    && Objects.equals(k.attrKey, attrKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(model, subjectId, attrKey, item);
        }
    }
}
