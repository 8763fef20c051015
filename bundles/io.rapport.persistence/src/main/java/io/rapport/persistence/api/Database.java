package io.rapport.persistence.api;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.jpa.EntityManagerFactoryBuilder;

/**
 * The configured database, registered while it is reachable. Domain bundles reference it together with
 * their own unit's {@link EntityManagerFactoryBuilder} (target {@code (osgi.unit.name=...)}).
 */
@ProviderType
public interface Database {
    /** Opens a bundle's persistence unit on this database; the caller closes it when it deactivates. */
    JpaUnit open(EntityManagerFactoryBuilder unit);

    /** The JDBC URL in use (without credentials), for diagnostics. */
    String url();

    /** The database product, e.g. {@code Apache Derby} or {@code PostgreSQL}. */
    String productName();
}
