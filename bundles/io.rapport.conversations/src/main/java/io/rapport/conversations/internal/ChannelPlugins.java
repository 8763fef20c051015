package io.rapport.conversations.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
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

    private final Map<ServiceReference<ChannelConnector>, ChannelConnector> connectors = new ConcurrentHashMap<>();
    private final Map<ServiceReference<LocationResolver>, LocationResolver> resolvers = new ConcurrentHashMap<>();
    /**
     * What each connector last answered to canSend(). Remembered so that listing channels does not call
     * it each time: a successful call would mark a plugin whose send just failed as OK again.
     */
    private final Map<ServiceReference<?>, Boolean> canSend = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + ChannelConnector.CHANNEL + "=*)")
    void addConnector(ServiceReference<ChannelConnector> reference, ChannelConnector connector) {
        connectors.put(reference, connector);
    }

    void removeConnector(ServiceReference<ChannelConnector> reference) {
        connectors.remove(reference);
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

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addResolver(ServiceReference<LocationResolver> reference, LocationResolver resolver) {
        resolvers.put(reference, resolver);
    }

    void removeResolver(ServiceReference<LocationResolver> reference) {
        resolvers.remove(reference);
    }

    /** Every running connector, by channel name, the preferred first within a name. */
    List<Bound<ChannelConnector>> connectors() {
        List<Bound<ChannelConnector>> all = new ArrayList<>();
        connectors.forEach((ref, service) -> all.add(new Bound<>(ref, service)));
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

    private static <S> Optional<Bound<S>> best(Map<ServiceReference<S>, S> services, java.util.function.Predicate<ServiceReference<S>> fits) {
        ServiceReference<S> best = null;
        S service = null;
        for (Map.Entry<ServiceReference<S>, S> e : services.entrySet()) {
            if (fits.test(e.getKey()) && (best == null || e.getKey().compareTo(best) > 0)) {
                best = e.getKey();
                service = e.getValue();
            }
        }
        return best == null ? Optional.empty() : Optional.of(new Bound<>(best, service));
    }
}
