package io.rapport.channel.webhook.internal;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.http.whiteboard.annotations.RequireHttpWhiteboard;

import io.rapport.conversations.spi.Inbox;

/**
 * The endpoints {@code /hooks/<channel>} of the open webhook channels: one HTTP whiteboard servlet in an
 * HTTP whiteboard context of its own at {@code /hooks}. A servlet rather than a JAX-RS resource, so that
 * installing or removing this plugin never makes the JAX-RS whiteboard rebuild an application; a
 * context of its own because the JAX-RS default application's context also sits at {@code /} and
 * would take {@code /hooks/*} there (the longest context path is matched first). Both are registered by
 * hand so that the servlet always goes before its context: the other way round, the HTTP whiteboard
 * keeps a failure record of the orphaned servlet, and with it the removed bundle.
 */
@RequireHttpWhiteboard
@Component(service = Hooks.class, immediate = true)
public class Hooks {
    static final String CONTEXT_NAME = "io.rapport.channel.webhook";
    static final String PATH = "/hooks";

    private final Map<String, WebhookChannel> channels = new ConcurrentHashMap<>();
    private final ServiceRegistration<ServletContextHelper> context;
    private final ServiceRegistration<Servlet> servlet;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Inbox inbox;

    @Activate
    public Hooks(BundleContext bundleContext) {
        Hashtable<String, Object> c = new Hashtable<>();
        c.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME, CONTEXT_NAME);
        c.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_PATH, PATH);
        context = bundleContext.registerService(ServletContextHelper.class, new ServletContextHelper(bundleContext.getBundle()) {
        }, c);
        Hashtable<String, Object> s = new Hashtable<>();
        s.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/*");
        s.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT,
                "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=" + CONTEXT_NAME + ")");
        s.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "rapport-hooks");
        servlet = bundleContext.registerService(Servlet.class, new HooksServlet(channels, () -> inbox), s);
    }

    @Deactivate
    void deactivate() {
        unregister(servlet);
        unregister(context);
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it with the bundle
        }
    }

    /** Opens {@code /hooks/<channel>}; false when another configuration already has that channel. */
    boolean open(WebhookChannel channel) {
        return channels.putIfAbsent(channel.name(), channel) == null;
    }

    void close(WebhookChannel channel) {
        channels.remove(channel.name(), channel);
    }
}
