package io.rapport.persistence.api;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import javax.persistence.PersistenceException;

/**
 * Index upkeep at start, for what JPA's table generation does not do: indexes it cannot declare (a
 * descending one) and indexes an entity no longer declares (it never drops anything). Plain JDBC with a
 * look at the table's indexes first: a failed statement through JPA would be logged with its stack
 * trace at every start.
 */
public final class Indexes {
    private Indexes() {
    }

    /** Creates {@code index} on {@code table (columns)} unless the table has an index of that name. */
    public static void ensure(JpaUnit jpa, String table, String index, String columns) {
        jpa.inTransaction(em -> {
            Connection c = em.unwrap(Connection.class);
            try {
                if (!names(c, table).contains(index.toUpperCase(Locale.ROOT))) {
                    try (Statement create = c.createStatement()) {
                        create.executeUpdate("CREATE INDEX " + index + " ON " + table + " (" + columns + ")");
                    }
                }
            } catch (SQLException e) {
                if (!exists(e)) { // another runtime on the same database made it meanwhile
                    throw new PersistenceException("Could not create the index " + index + ": " + e.getMessage(), e);
                }
            }
            return null;
        });
    }

    /** Drops those of {@code indexes} that {@code table} has; answers the ones dropped. */
    public static List<String> dropIfPresent(JpaUnit jpa, String table, List<String> indexes) {
        return jpa.inTransaction(em -> {
            Connection c = em.unwrap(Connection.class);
            List<String> dropped = new ArrayList<>();
            try {
                Set<String> present = names(c, table);
                for (String index : indexes) {
                    if (present.contains(index.toUpperCase(Locale.ROOT))) {
                        try (Statement drop = c.createStatement()) {
                            drop.executeUpdate("DROP INDEX " + index);
                        }
                        dropped.add(index);
                    }
                }
            } catch (SQLException e) {
                throw new PersistenceException("Could not drop the indexes " + indexes + " of " + table + ": " + e.getMessage(), e);
            }
            return dropped;
        });
    }

    /** The upper-case names of a table's indexes, the table named as JPA made it or folded to lower case (PostgreSQL). */
    private static Set<String> names(Connection c, String table) throws SQLException {
        Set<String> names = new TreeSet<>();
        for (String name : new String[] { table, table.toLowerCase(Locale.ROOT) }) {
            try (ResultSet r = c.getMetaData().getIndexInfo(null, null, name, false, true)) {
                while (r.next()) {
                    if (r.getString("INDEX_NAME") != null) {
                        names.add(r.getString("INDEX_NAME").toUpperCase(Locale.ROOT));
                    }
                }
            }
        }
        return names;
    }

    /** Whether the failure is "this index exists already" (Derby X0Y32, PostgreSQL 42P07). */
    private static boolean exists(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException) {
                String state = ((SQLException) t).getSQLState();
                if ("X0Y32".equals(state) || "42P07".equals(state)) {
                    return true;
                }
            }
        }
        return false;
    }
}
