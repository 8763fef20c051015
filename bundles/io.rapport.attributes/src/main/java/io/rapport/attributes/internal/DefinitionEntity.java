package io.rapport.attributes.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.Version;

/** An attribute definition; its options are {@link OptionEntity} rows. */
@Entity
// A unique index rather than a unique constraint: create-or-extend-tables tries to add constraints again
// on every start (a logged error), but leaves existing indexes alone.
@Table(name = "ATTRIBUTES_DEFINITION", indexes = {
        @Index(name = "ATTRIBUTES_DEFINITION_KEY", columnList = "MODEL,ATTR_KEY", unique = true),
        @Index(name = "ATTRIBUTES_DEFINITION_CREATED", columnList = "CREATED_AT,ID") })
public class DefinitionEntity {
    /** Internal: the cursor's tie-breaker. Clients address a definition by model and key. */
    @Id
    @Column(name = "ID", length = 40)
    public String id;

    @Version
    @Column(name = "VERSION")
    public long version;

    @Column(name = "MODEL", length = 20, nullable = false)
    public String model;

    @Column(name = "ATTR_KEY", length = 63, nullable = false)
    public String key;

    @Column(name = "LABEL", length = 255, nullable = false)
    public String label;

    @Column(name = "DESCRIPTION", length = 2000)
    public String description;

    @Column(name = "TYPE_NAME", length = 100, nullable = false)
    public String type;

    @Column(name = "ARCHIVED", nullable = false)
    public boolean archived;

    /** Epoch microseconds, from {@code MonotonicClock}. */
    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    public long updatedAt;
}
