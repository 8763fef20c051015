package io.rapport.rest.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts Rapport's front into Felix HTTP's Jetty: the {@link FrontHandler} before its servlet context, the
 * {@link ProblemErrorHandler} for Jetty's own errors, and the connector settings (idle timeout, header
 * size, a case-sensitive header cache, no server version).
 * <p>
 * Felix HTTP exposes its Jetty {@link Server} only to {@link ConnectorFactory} services, so this component
 * is one: Felix calls {@link #createConnector} with the server when it starts Jetty (and again when it
 * restarts it), and this component customizes that server then. The connector it has to return is a
 * {@link NoConnector}, which opens nothing. When this component goes away, it takes its handlers out again.
 * <p>
 * The case-sensitive header cache matters for security: Jetty's parser keeps the header fields a
 * connection sent, and by default matches new ones ignoring case, so after a request with a valid token
 * the same token in upper case was taken for the cached, valid one on that connection.
 */
@Component(service = ConnectorFactory.class, configurationPid = RestConfig.PID)
@Designate(ocd = RestConfig.class)
public class HttpFront implements ConnectorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

    private final TokenStore tokens;
    private final UserStore users;
    private final AuthThrottle throttle;
    private final ProblemErrorHandler errors = new ProblemErrorHandler();
    private final List<Server> servers = new ArrayList<>();
    private final List<FrontHandler> fronts = new ArrayList<>();
    private volatile RestConfig config;

    @Activate
    public HttpFront(@Reference TokenStore tokens, @Reference UserStore users, @Reference AuthThrottle throttle, RestConfig config) {
        this.tokens = tokens;
        this.users = users;
        this.config = config;
        this.throttle = throttle;
    }

    @Modified
    void modified(RestConfig config) {
        this.config = config;
        synchronized (servers) {
            fronts.forEach(f -> f.limits(limits(config)));
            servers.forEach(this::configureConnectors);
        }
    }

    @Override
    public Connector createConnector(Server server) {
        synchronized (servers) {
            if (!servers.contains(server)) {
                configureConnectors(server);
                server.setErrorHandler(errors);
                for (ContextHandler context : server.getDescendants(ContextHandler.class)) {
                    context.setErrorHandler(errors);
                }
                for (ContextHandlerCollection contexts : server.getDescendants(ContextHandlerCollection.class)) {
                    insertFront(contexts);
                }
                servers.add(server);
                LOG.info("HTTP front in place: limits and authentication before the body, problem+json for every error");
            }
        }
        return new NoConnector(server);
    }

    /**
     * What this factory gives Felix HTTP, which adds and starts it: a {@link ServerConnector} in name only
     * (Felix lists every connector of the server among its endpoints, and expects ServerConnectors). It
     * binds no port and runs no thread; it reports the host and port of the server's real connector, so
     * that the endpoints Felix advertises stay true.
     */
    static final class NoConnector extends ServerConnector {
        NoConnector(Server server) {
            super(server, 0, 1, new HttpConnectionFactory());
        }

        private ServerConnector real() {
            for (Connector c : getServer().getConnectors()) {
                if (c instanceof ServerConnector s && !(c instanceof NoConnector)) {
                    return s;
                }
            }
            return null;
        }

        @Override
        protected void doStart() {
            // nothing to open, nothing to run
        }

        @Override
        protected void doStop() {
            // nothing was started
        }

        @Override
        public void open() {
            // no port
        }

        @Override
        public String getHost() {
            ServerConnector real = real();
            return real == null ? "localhost" : real.getHost();
        }

        @Override
        public int getPort() {
            ServerConnector real = real();
            return real == null ? 0 : real.getPort();
        }

        @Override
        public int getLocalPort() {
            ServerConnector real = real();
            return real == null ? -1 : real.getLocalPort();
        }

        @Override
        public String getDefaultProtocol() {
            ServerConnector real = real();
            return real == null ? super.getDefaultProtocol() : real.getDefaultProtocol();
        }
    }

    /**
     * Puts a front before each context of a running collection. The server itself cannot take a new
     * handler once started; the collection can. Each context is handed over without being stopped (the
     * collection lets go of it first) and the front then manages it as the collection did.
     */
    private void insertFront(ContextHandlerCollection contexts) {
        List<Handler> handlers = new ArrayList<>(contexts.getHandlers());
        List<FrontHandler> added = new ArrayList<>();
        for (int i = 0; i < handlers.size(); i++) {
            Handler context = handlers.get(i);
            if (context instanceof FrontHandler) {
                continue;
            }
            contexts.unmanage(context);
            FrontHandler handler = new FrontHandler(tokens, users, throttle, limits(config));
            handler.setHandler(context);
            handlers.set(i, handler);
            added.add(handler);
        }
        contexts.setHandlers(handlers);
        fronts.addAll(added);
        for (FrontHandler handler : added) {
            handler.manage(handler.getHandler());
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (servers) {
            for (Server server : servers) {
                for (ContextHandlerCollection contexts : server.getDescendants(ContextHandlerCollection.class)) {
                    List<Handler> handlers = new ArrayList<>(contexts.getHandlers());
                    List<Handler> restored = new ArrayList<>();
                    for (int i = 0; i < handlers.size(); i++) {
                        if (handlers.get(i) instanceof FrontHandler handler) {
                            Handler context = handler.getHandler();
                            handler.unmanage(context);
                            handler.setHandler((Handler) null);
                            handlers.set(i, context);
                            restored.add(context);
                        }
                    }
                    contexts.setHandlers(handlers);
                    restored.forEach(contexts::manage);
                }
                if (server.getErrorHandler() == errors) {
                    server.setErrorHandler(null);
                }
            }
            servers.clear();
            fronts.clear();
        }
    }

    private void configureConnectors(Server server) {
        RestConfig c = config;
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof NoConnector) {
                continue;
            }
            if (connector instanceof AbstractConnector a) {
                a.setIdleTimeout(TimeUnit.SECONDS.toMillis(Math.max(1, c.idle_timeout_seconds())));
            }
            HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
            if (http != null) {
                HttpConfiguration h = http.getHttpConfiguration();
                h.setHeaderCacheCaseSensitive(true);
                h.setRequestHeaderSize(Math.max(1024, c.max_header_bytes()));
                h.setSendServerVersion(false);
                h.setSendXPoweredBy(false);
            }
        }
    }

    private static FrontHandler.Limits limits(RestConfig c) {
        return new FrontHandler.Limits(c.max_body_bytes(), c.max_upload_bytes(), c.max_import_bytes(),
                TimeUnit.SECONDS.toMillis(Math.max(1, c.body_timeout_seconds())), c.min_upload_bytes_per_second(),
                Math.max(1, c.max_concurrent_uploads()), java.util.Set.copyOf(Arrays.asList(c.cors_allowed_origins())));
    }
}
