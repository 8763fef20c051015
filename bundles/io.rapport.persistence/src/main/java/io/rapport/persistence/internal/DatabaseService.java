package io.rapport.persistence.internal;

import java.util.HashMap;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.service.jpa.EntityManagerFactoryBuilder;

import io.rapport.persistence.api.Database;
import io.rapport.persistence.api.JpaUnit;

/**
 * The database as one bundle sees it (the service is bundle-scoped): opening that bundle's persistence unit
 * first brings its tables up to date with its changelog ({@link Migrations}).
 */
final class DatabaseService implements Database {
    private final DataSource dataSource;
    private final String url;
    private final String product;
    private final Bundle user;

    DatabaseService(DataSource dataSource, String url, String product, Bundle user) {
        this.dataSource = dataSource;
        this.url = url;
        this.product = product;
        this.user = user;
    }

    @Override
    public JpaUnit open(EntityManagerFactoryBuilder unit) {
        Migrations.run(user, dataSource);
        Map<String, Object> props = new HashMap<>();
        props.put("javax.persistence.nonJtaDataSource", dataSource);
        // The tables are the changelogs' (Migrations): EclipseLink neither creates nor extends them.
        props.put("eclipselink.ddl-generation", "none");
        // No weaving: in OSGi, EclipseLink's dynamic weaving only works when the weaving hook happens to
        // see the entity classes before they are loaded (class-loading order, i.e. luck). Without it,
        // lazy loading of single-valued relations is off: queries are written to fetch what they need.
        props.put("eclipselink.weaving", "false");
        props.put("eclipselink.logging.level", "WARNING");
        props.put("eclipselink.logging.logger", "DefaultLogger");
        // Rapport bundles may be updated at runtime: do not share cached objects across unit restarts.
        props.put("eclipselink.deploy-on-startup", "true");
        EntityManagerFactory emf = unit.createEntityManagerFactory(props);
        return new JpaUnitImpl(emf);
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String productName() {
        return product;
    }
}
