package io.rapport.persistence.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A DataSource over a JDBC driver that keeps up to {@code maxIdle} closed-by-the-caller connections open
 * for reuse. EclipseLink asks for a connection per transaction; opening one each time costs more than
 * the work on embedded Derby and far more on a networked PostgreSQL.
 */
final class PooledDataSource implements DataSource {
    private final Driver driver;
    private final String url;
    private final Properties credentials;
    private final BlockingQueue<Connection> idle;
    private volatile boolean closed;

    PooledDataSource(Driver driver, String url, Properties credentials, int maxIdle) {
        this.driver = driver;
        this.url = url;
        this.credentials = credentials;
        this.idle = new ArrayBlockingQueue<>(Math.max(1, maxIdle));
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("The database was withdrawn (configuration changed or driver removed)");
        }
        Connection physical;
        while ((physical = idle.poll()) != null) {
            if (!physical.isClosed()) {
                return wrap(physical);
            }
        }
        physical = driver.connect(url, credentials);
        if (physical == null) {
            throw new SQLException("The driver does not accept " + url);
        }
        return wrap(physical);
    }

    private Connection wrap(Connection physical) {
        InvocationHandler handler = new InvocationHandler() {
            private boolean returned;

            @Override
            public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) throws Throwable {
                switch (method.getName()) {
                    case "close":
                        if (!returned) {
                            returned = true;
                            release(physical);
                        }
                        return null;
                    case "isClosed":
                        return returned || physical.isClosed();
                    case "unwrap":
                        return ((Class<?>) args[0]).isInstance(proxy) ? proxy : physical.unwrap((Class<?>) args[0]);
                    default:
                        if (returned) {
                            throw new SQLException("Connection already closed");
                        }
                        try {
                            return method.invoke(physical, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(PooledDataSource.class.getClassLoader(),
                new Class<?>[] { Connection.class }, handler);
    }

    private void release(Connection physical) {
        try {
            if (physical.isClosed()) {
                return;
            }
            if (!physical.getAutoCommit()) {
                physical.rollback();
                physical.setAutoCommit(true);
            }
            if (closed || !idle.offer(physical)) {
                physical.close();
            }
        } catch (SQLException e) {
            try {
                physical.close();
            } catch (SQLException ignored) {
                // it is broken either way
            }
        }
    }

    void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Credentials come from the io.rapport.persistence configuration");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper of " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
