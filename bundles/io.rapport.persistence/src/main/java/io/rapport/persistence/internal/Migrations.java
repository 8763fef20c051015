package io.rapport.persistence.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Brings a bundle's tables up to date before its persistence unit opens: the bundle's changelog
 * ({@code db/<symbolic name>/changelog.xml} in the bundle) is run by Liquibase, which records each change
 * it applied in {@code DATABASECHANGELOG} and runs only the new ones. The same changelogs run on Derby and
 * PostgreSQL. Liquibase's lock table keeps two nodes from migrating at once; in this runtime, migrations
 * also run one at a time.
 * <p>
 * A changelog whose every change is recorded already is not handed to Liquibase at all, nor is Liquibase
 * loaded for it: a restart costs one query per bundle instead of loading Liquibase (about 2 s) and its
 * lock, checksums and bookkeeping (about 0.3 s per bundle). Whether a released change set was edited is
 * therefore only checked when a new one runs.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final Object ONE_AT_A_TIME = new Object();

    static {
        // Liquibase 4.30+ reports usage to its vendor unless told not to: a runtime must not call out.
        if (System.getProperty("liquibase.analytics.enabled") == null) {
            System.setProperty("liquibase.analytics.enabled", "false");
        }
        if (System.getProperty("liquibase.showBanner") == null) {
            System.setProperty("liquibase.showBanner", "false");
        }
    }

    private Migrations() {
    }

    /**
     * Loads Liquibase on a thread of its own, while the database boots, when the changelogs are certain
     * to run (a new embedded database): loading it takes about 2 s, which would otherwise come after the
     * database is up, before the first bundle can open its tables. Warming is only loading: a failure
     * here is ignored, and the migrations report their own.
     */
    static void loadInBackground(Bundle persistence) {
        Thread loader = new Thread(() -> {
            try {
                ResourceAccessor resources = new ClassLoaderResourceAccessor(persistence.adapt(BundleWiring.class).getClassLoader());
                String path = changelog(persistence);
                Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), () -> {
                    DatabaseFactory.getInstance();
                    ChangeLogParserFactory.getInstance().getParser(path, resources).parse(path, new ChangeLogParameters(), resources);
                    liquibase.sqlgenerator.SqlGeneratorFactory.getInstance();
                    liquibase.snapshot.SnapshotGeneratorFactory.getInstance();
                    liquibase.lockservice.LockServiceFactory.getInstance();
                    liquibase.changelog.ChangeLogHistoryServiceFactory.getInstance();
                    liquibase.datatype.DataTypeFactory.getInstance();
                });
            } catch (Exception | LinkageError e) {
                LOG.debug("Loading Liquibase ahead failed; it loads when a changelog runs", e);
            }
        }, "rapport-liquibase-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /** The path of a bundle's changelog inside it; unique per bundle, as Liquibase records it with each change. */
    static String changelog(Bundle bundle) {
        return "db/" + bundle.getSymbolicName() + "/changelog.xml";
    }

    /** Runs the bundle's changelog, if it has one, on the database; a failure leaves the unit unopened. */
    static void run(Bundle bundle, DataSource dataSource) {
        String path = changelog(bundle);
        if (bundle.getEntry(path) == null) {
            return; // a bundle without tables of its own
        }
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null) {
            throw new IllegalStateException(bundle.getSymbolicName() + " is not resolved: its tables cannot be migrated");
        }
        long started = System.nanoTime();
        synchronized (ONE_AT_A_TIME) {
            try (Connection c = dataSource.getConnection()) {
                Set<String> recorded = recorded(c, path); // before Liquibase takes the connection out of auto-commit
                List<String> ids = changeSetIds(bundle, path);
                if (recorded.containsAll(ids)) {
                    return; // up to date: Liquibase (about 2 s to load, then 0.3 s a changelog) is not needed
                }
                long pending = ids.stream().filter(id -> !recorded.contains(id)).count();
                Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
                ResourceAccessor resources = new ClassLoaderResourceAccessor(wiring.getClassLoader());
                Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), () -> {
                    DatabaseChangeLog changeLog = ChangeLogParserFactory.getInstance().getParser(path, resources)
                            .parse(path, new ChangeLogParameters(database), resources);
                    new Liquibase(changeLog, resources, database).update(new Contexts(), new LabelExpression());
                });
                LOG.info("Schema of {}: {} new change(s) run or recorded in {} ms", bundle.getSymbolicName(), pending,
                        (System.nanoTime() - started) / 1_000_000);
            } catch (Exception e) {
                throw new IllegalStateException("The tables of " + bundle.getSymbolicName() + " could not be migrated (" + path + "): "
                        + e.getMessage(), e);
            }
        }
    }

    /** The ids of a changelog's change sets, read with the JDK's parser (Liquibase is not loaded for this). */
    static List<String> changeSetIds(Bundle bundle, String path) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
        try (java.io.InputStream in = bundle.getEntry(path).openStream()) {
            org.w3c.dom.NodeList sets = factory.newDocumentBuilder().parse(in).getElementsByTagNameNS("*", "changeSet");
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < sets.getLength(); i++) {
                ids.add(((org.w3c.dom.Element) sets.item(i)).getAttribute("id"));
            }
            return ids;
        }
    }

    /** The ids of the changes of this changelog that the database records as run; none when it has no record at all. */
    private static Set<String> recorded(Connection c, String path) {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement("SELECT ID FROM DATABASECHANGELOG WHERE FILENAME = ?")) {
            q.setString(1, path);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        } catch (SQLException noTableYet) {
            ids.clear();
            try {
                if (!c.getAutoCommit()) {
                    c.rollback(); // PostgreSQL refuses every later statement of a transaction that failed one
                }
            } catch (SQLException ignored) {
                // the connection is closed by the caller either way
            }
        }
        return ids;
    }
}
