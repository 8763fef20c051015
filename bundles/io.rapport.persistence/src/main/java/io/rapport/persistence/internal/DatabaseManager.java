package io.rapport.persistence.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Properties;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.persistence.api.Database;
import io.rapport.platform.api.RapportHome;

/**
 * Registers the {@link Database} once a JDBC driver that accepts the configured URL is installed, and
 * withdraws it when that driver goes. The driver is found by asking each {@link DataSourceFactory}
 * whether it accepts the URL, so moving to PostgreSQL is the one {@code url} setting.
 */
// Registered by hand (only once a driver accepts the URL), so the resolver is told it is provided here.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.rapport.persistence.api.Database", uses = Database.class)
@Component(immediate = true, configurationPid = DatabaseConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DatabaseConfig.class)
public class DatabaseManager {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseManager.class);

    private static final int RETRY_SECONDS = 5;

    private final BundleContext context;
    private final DatabaseConfig config;
    private final String url;
    private final List<DataSourceFactory> factories = new ArrayList<>();
    private DataSourceFactory inUse;
    private PooledDataSource dataSource;
    private ServiceRegistration<Database> registration;
    private boolean active;
    /** Retries a failed connection later. */
    private final java.util.concurrent.ScheduledExecutorService retries = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-database-retry");
        t.setDaemon(true);
        return t;
    });

    static final String PAGE_CACHE_PROPERTY = "derby.storage.pageCacheSize";
    static final int PAGE_CACHE_PAGES = 8000;

    @Activate
    public DatabaseManager(BundleContext context, DatabaseConfig config) {
        this.context = context;
        this.config = config;
        this.url = config.url().isBlank() ? defaultDerbyUrl(context) : config.url().trim();
        // Derby writes derby.log to the working directory unless told otherwise, even when it is only
        // asked whether it accepts another database's URL: keep it beside the data.
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", RapportHome.data(context).resolve("derby.log").toString());
        }
        // Derby keeps 1000 pages in memory by default: at a million contacts the indexes every write and
        // read goes through no longer fit, and each lookup decodes pages again. The cache fills as pages are
        // used, so an idle or small runtime does not pay for it. -Dderby.storage.pageCacheSize=N wins.
        if (System.getProperty(PAGE_CACHE_PROPERTY) == null) {
            System.setProperty(PAGE_CACHE_PROPERTY, Integer.toString(PAGE_CACHE_PAGES));
        }
        if (config.url().isBlank() && !Files.isDirectory(RapportHome.data(context).resolve("derby"))) {
            Migrations.loadInBackground(context.getBundle()); // a new embedded database: every changelog will run
        }
    }

    @Activate
    synchronized void activate() {
        active = true;
        // On the activating thread, not a thread of our own: registering the database activates the
        // bundles' JAX-RS services, and the Aries whiteboard loses registrations made from two threads at
        // once. Start levels let the database open early instead (bndrun/shared.bnd).
        update();
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            active = false;
            withdraw();
        }
        retries.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addDataSourceFactory(DataSourceFactory factory) {
        factories.add(factory);
        if (active) {
            update();
        }
    }

    synchronized void removeDataSourceFactory(DataSourceFactory factory) {
        factories.remove(factory);
        if (factory == inUse) {
            withdraw();
            update();
        }
    }

    /** Opens the database when a driver accepts the URL; registers it outside the lock (SCR reacts in this thread). */
    private void update() {
        PooledDataSource ds;
        DataSourceFactory factory;
        String product;
        synchronized (this) {
            if (!active || registration != null) {
                return;
            }
            factory = null;
            Driver driver = null;
            for (DataSourceFactory candidate : factories) {
                try {
                    Driver d = candidate.createDriver(null);
                    if (d.acceptsURL(url)) {
                        factory = candidate;
                        driver = d;
                        break;
                    }
                } catch (SQLException e) {
                    // not this one
                }
            }
            if (driver == null) {
                LOG.debug("No JDBC driver installed accepts {} yet", safeUrl());
                return;
            }
            Properties credentials = new Properties();
            if (!config.user().isBlank()) {
                credentials.setProperty("user", config.user());
                credentials.setProperty("password", config.password());
            }
            ds = new PooledDataSource(driver, url, credentials, config.pool_max_idle());
            try (Connection c = ds.getConnection()) {
                product = c.getMetaData().getDatabaseProductName();
            } catch (SQLException e) {
                LOG.error("Cannot connect to the database at {}: {} (trying again in {} s)", safeUrl(), e.getMessage(), RETRY_SECONDS);
                ds.close();
                retries.schedule(this::update, RETRY_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                return;
            }
            inUse = factory;
            dataSource = ds;
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("database.product", product);
        LOG.info("Database: {} at {}", product, safeUrl());
        String url = safeUrl();
        String name = product;
        PooledDataSource source = ds;
        // bundle-scoped: each bundle's Database opens that bundle's unit, after running its changelog
        ServiceRegistration<Database> registered = context.registerService(Database.class, new org.osgi.framework.ServiceFactory<Database>() {
            @Override
            public Database getService(org.osgi.framework.Bundle bundle, ServiceRegistration<Database> registration) {
                return new DatabaseService(source, url, name, bundle);
            }

            @Override
            public void ungetService(org.osgi.framework.Bundle bundle, ServiceRegistration<Database> registration, Database service) {
                // nothing held per bundle: its units are closed by the bundle
            }
        }, props);
        synchronized (this) {
            if (active && dataSource == ds) {
                registration = registered;
                return;
            }
        }
        registered.unregister();
    }

    private void withdraw() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters services of a stopping bundle itself
            }
            registration = null;
        }
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
        inUse = null;
    }

    private String safeUrl() {
        return url.replaceAll("(?i)password=[^;&]*", "password=***");
    }

    private static String defaultDerbyUrl(BundleContext context) {
        Path data = RapportHome.data(context);
        try {
            Files.createDirectories(data);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create the data folder " + data, e);
        }
        return "jdbc:derby:" + data.resolve("derby").toString().replace('\\', '/') + ";create=true";
    }
}
