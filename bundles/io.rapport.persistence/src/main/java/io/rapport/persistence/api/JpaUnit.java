package io.rapport.persistence.api;

import java.sql.SQLException;
import java.util.function.Function;

import javax.persistence.EntityManager;

import org.osgi.annotation.versioning.ProviderType;

/** One bundle's persistence unit, open on the configured database: the one transaction wrapper to use. */
@ProviderType
public interface JpaUnit extends AutoCloseable {
    /** Runs {@code work} in a transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(Function<EntityManager, T> work);

    /** Runs read-only {@code work} with an entity manager of its own. */
    <T> T read(Function<EntityManager, T> work);

    @Override
    void close();

    /**
     * Runs a write that may race with concurrent writes of the same row. A lost race is retried (up to 5
     * attempts) when the client asked for no version, and is a 412 when it did ({@code expectedVersion},
     * from If-Match). A unique value taken by a concurrent write is {@code onUniqueViolation}'s problem,
     * or, when that is null, handled like a lost race.
     */
    static <T> T write(String kind, Long expectedVersion, java.util.function.Supplier<io.rapport.platform.errors.DomainException> onUniqueViolation,
            java.util.function.Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return work.get();
            } catch (javax.persistence.PersistenceException e) {
                boolean unique = isUniqueViolation(e);
                if (unique && onUniqueViolation != null) {
                    throw onUniqueViolation.get();
                }
                if (!unique && !isLostRace(e)) {
                    throw e;
                }
                if (expectedVersion != null || attempt == 5) {
                    String detail = "The " + kind + " was changed by another request at the same moment; read it again and retry.";
                    throw expectedVersion != null ? new io.rapport.platform.errors.StaleVersionException(detail, null)
                            : new io.rapport.platform.errors.ConflictException(detail);
                }
            }
        }
    }

    /** Whether {@code failure} is a write that lost a race to a concurrent one (an optimistic lock failure). */
    static boolean isLostRace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.persistence.OptimisticLockException) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code failure} was caused by a unique constraint (SQLState 23505 on Derby and PostgreSQL). */
    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                for (SQLException s = (SQLException) t; s != null; s = s.getNextException()) {
                    if ("23505".equals(s.getSQLState())) {
                        return true;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
