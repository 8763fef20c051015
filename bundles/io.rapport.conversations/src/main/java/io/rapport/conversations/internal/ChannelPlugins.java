package io.rapport.conversations.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.rapport.conversations.spi.ChannelConnector;
import io.rapport.conversations.spi.LocationResolver;

/**
 * The whiteboard of channel connectors and location resolvers, as it is at the moment of asking:
 * plugins come and go while Rapport runs. Where several fit, the highest service ranking wins
 * ({@link ServiceReference#compareTo}).
 */
@Component(service = ChannelPlugins.class)
public class ChannelPlugins {
    /** A plugin's service with its reference (for its properties and bundle). */
    static final class Bound<S> {
        final ServiceReference<?> reference;
        final S service;

        Bound(ServiceReference<?> reference, S service) {
            this.reference = reference;
            this.service = service;
        }

        Bundle bundle() {
            return reference.getBundle();
        }

        String property(String key) {
            Object v = reference.getProperty(key);
            return v == null ? null : String.valueOf(v);
        }
    }

    // Bound by reference and got on first use: a connector commonly needs the Inbox, which needs this
    // whiteboard, so getting the connector while binding would be a cycle.
    private final BundleContext context;
    private final Map<ServiceReference<ChannelConnector>, Lazy<ChannelConnector>> connectors = new ConcurrentHashMap<>();
    private final Map<ServiceReference<LocationResolver>, Lazy<LocationResolver>> resolvers = new ConcurrentHashMap<>();
    /**
     * What each connector last answered to canSend(). Remembered so that listing channels does not call
     * it each time: a successful call would mark a plugin whose send just failed as OK again.
     */
    private final Map<ServiceReference<?>, Boolean> canSend = new ConcurrentHashMap<>();

    @Activate
    public ChannelPlugins(BundleContext context) {
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + ChannelConnector.CHANNEL + "=*)", service = ChannelConnector.class)
    void addConnector(ServiceReference<ChannelConnector> reference) {
        connectors.put(reference, new Lazy<>(context, reference));
    }

    void removeConnector(ServiceReference<ChannelConnector> reference) {
        Lazy<ChannelConnector> gone = connectors.remove(reference);
        if (gone != null) {
            gone.release();
        }
        canSend.remove(reference);
    }

    /** The connector's last answer to canSend(); null when not asked yet. */
    Boolean canSend(ServiceReference<?> reference) {
        return canSend.get(reference);
    }

    void canSend(ServiceReference<?> reference, boolean answer) {
        if (connectors.containsKey(reference)) {
            canSend.put(reference, answer);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            service = LocationResolver.class)
    void addResolver(ServiceReference<LocationResolver> reference) {
        resolvers.put(reference, new Lazy<>(context, reference));
    }

    void removeResolver(ServiceReference<LocationResolver> reference) {
        Lazy<LocationResolver> gone = resolvers.remove(reference);
        if (gone != null) {
            gone.release();
        }
    }

    /** A whiteboard service got from the registry when first needed, released when it goes. */
    private static final class Lazy<S> {
        private final BundleContext context;
        private final ServiceReference<S> reference;
        private volatile S service;

        Lazy(BundleContext context, ServiceReference<S> reference) {
            this.context = context;
            this.reference = reference;
        }

        S get() {
            S s = service;
            if (s == null) {
                synchronized (this) {
                    if (service == null) {
                        service = context.getService(reference);
                    }
                    s = service;
                }
            }
            return s;
        }

        synchronized void release() {
            if (service != null) {
                service = null;
                try {
                    context.ungetService(reference);
                } catch (IllegalStateException stopping) {
                    // our bundle is stopping: the framework releases it anyway
                }
            }
        }
    }

    /** Every running connector, by channel name, the preferred first within a name. */
    List<Bound<ChannelConnector>> connectors() {
        List<Bound<ChannelConnector>> all = new ArrayList<>();
        connectors.forEach((ref, lazy) -> {
            ChannelConnector service = lazy.get();
            if (service != null) { // null: it went away, or its own activation failed
                all.add(new Bound<>(ref, service));
            }
        });
        all.sort(Comparator.comparing((Bound<ChannelConnector> b) -> String.valueOf(b.property(ChannelConnector.CHANNEL)))
                .thenComparing((a, b) -> b.reference.compareTo(a.reference)));
        return all;
    }

    /** The connector of a channel with the highest ranking. */
    Optional<Bound<ChannelConnector>> connector(String channel) {
        return best(connectors, ref -> channel.equals(String.valueOf(ref.getProperty(ChannelConnector.CHANNEL))));
    }

    /** The location resolver with the highest ranking. */
    Optional<Bound<LocationResolver>> resolver() {
        return best(resolvers, ref -> true);
    }

    private static <S> Optional<Bound<S>> best(Map<ServiceReference<S>, Lazy<S>> services, java.util.function.Predicate<ServiceReference<S>> fits) {
        List<ServiceReference<S>> candidates = new ArrayList<>();
        services.keySet().forEach(ref -> {
            if (fits.test(ref)) {
                candidates.add(ref);
            }
        });
        candidates.sort(Comparator.reverseOrder());
        for (ServiceReference<S> ref : candidates) {
            Lazy<S> lazy = services.get(ref);
            S service = lazy == null ? null : lazy.get();
            if (service != null) {
                return Optional.of(new Bound<>(ref, service));
            }
        }
        return Optional.empty();
    }
}
