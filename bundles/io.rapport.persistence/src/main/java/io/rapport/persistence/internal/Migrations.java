package io.rapport.persistence.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
import liquibase.changelog.ChangeSet;
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
 * A changelog whose every change is recorded already is not handed to Liquibase at all: a restart costs
 * one query per bundle instead of Liquibase's lock, checksums and bookkeeping (about 0.3 s per bundle).
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
                Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
                ResourceAccessor resources = new ClassLoaderResourceAccessor(wiring.getClassLoader());
                int applied = Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), () -> {
                    DatabaseChangeLog changeLog = ChangeLogParserFactory.getInstance().getParser(path, resources)
                            .parse(path, new ChangeLogParameters(database), resources);
                    List<ChangeSet> changeSets = changeLog.getChangeSets();
                    List<ChangeSet> pending = changeSets.stream().filter(cs -> !recorded.contains(cs.getId())).collect(Collectors.toList());
                    if (pending.isEmpty()) {
                        return 0;
                    }
                    new Liquibase(changeLog, resources, database).update(new Contexts(), new LabelExpression());
                    return pending.size();
                });
                if (applied > 0) {
                    LOG.info("Schema of {}: {} new change(s) run or recorded in {} ms", bundle.getSymbolicName(), applied,
                            (System.nanoTime() - started) / 1_000_000);
                }
            } catch (Exception e) {
                throw new IllegalStateException("The tables of " + bundle.getSymbolicName() + " could not be migrated (" + path + "): "
                        + e.getMessage(), e);
            }
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
