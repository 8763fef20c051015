package io.rapport.persistence.internal;

import java.util.HashMap;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import org.osgi.service.jpa.EntityManagerFactoryBuilder;

import io.rapport.persistence.api.Database;
import io.rapport.persistence.api.JpaUnit;

final class DatabaseService implements Database {
    private final DataSource dataSource;
    private final String url;
    private final String product;

    DatabaseService(DataSource dataSource, String url, String product) {
        this.dataSource = dataSource;
        this.url = url;
        this.product = product;
    }

    @Override
    public JpaUnit open(EntityManagerFactoryBuilder unit) {
        Map<String, Object> props = new HashMap<>();
        props.put("javax.persistence.nonJtaDataSource", dataSource);
        // Each bundle creates and extends its own tables; nothing is ever dropped automatically.
        props.put("eclipselink.ddl-generation", "create-or-extend-tables");
        props.put("eclipselink.ddl-generation.output-mode", "database");
        // Weaving only worked by luck of class-loading order (STACK.md pitfall 8).
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
