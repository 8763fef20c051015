package io.rapport.conversations.spi;

import java.net.InetAddress;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Finds where an IP address is. Rapport uses the resolver with the highest service ranking; its own
 * offline resolver has the lowest possible ranking, so any plugin's resolver replaces it. Called
 * through the plugin guard; it should answer from memory or a local file, quickly.
 */
@ConsumerType
public interface LocationResolver {
    /** The location of {@code address}; empty when unknown (private and reserved addresses, gaps in the data). */
    Optional<ResolvedLocation> resolve(InetAddress address);
}
