package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;

import io.rapport.conversations.spi.LocationResolver;
import io.rapport.conversations.spi.ResolvedLocation;

/** The default, offline location resolver of the runtime: registered last in rank, right about countries. */
public class LocationIT {
    @InjectBundleContext
    BundleContext context;

    private ServiceReference<LocationResolver> defaultResolver() throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        do {
            Optional<ServiceReference<LocationResolver>> found = context.getServiceReferences(LocationResolver.class, null).stream()
                    .filter(r -> "io.rapport.location".equals(r.getBundle().getSymbolicName())).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("no LocationResolver of io.rapport.location");
    }

    @Test
    void theDefaultResolverRanksLowestAndKnowsCountries() throws Exception {
        ServiceReference<LocationResolver> ref = defaultResolver();
        assertEquals(Integer.MIN_VALUE, ref.getProperty(Constants.SERVICE_RANKING), "any plugin's resolver replaces it");
        LocationResolver resolver = context.getService(ref);
        try {
            // The first lookup loads the table; it may answer "unknown" while that takes longer than it waits.
            long deadline = System.currentTimeMillis() + 10_000;
            while (resolver.resolve(InetAddress.getByName("80.130.0.1")).isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            String[][] known = { { "80.130.0.1", "DE" }, // Deutsche Telekom
                    { "81.128.0.1", "GB" }, // BT
                    { "90.1.0.1", "FR" }, // Orange
                    { "1.128.0.1", "AU" }, // Telstra
                    { "133.1.0.1", "JP" }, // a Japanese /8
                    { "193.0.6.139", "NL" }, // RIPE NCC
                    { "2003::1", "DE" }, // Deutsche Telekom, IPv6
                    { "2a01:e00::1", "FR" }, // Free, IPv6
                    { "::ffff:81.128.0.1", "GB" } };
            for (String[] k : known) {
                Optional<ResolvedLocation> l = resolver.resolve(InetAddress.getByName(k[0]));
                if (l.isEmpty() && k[0].contains(":")) { // the IPv6 table loads on its first use
                    Thread.sleep(500);
                    l = resolver.resolve(InetAddress.getByName(k[0]));
                }
                assertTrue(l.isPresent(), k[0]);
                assertEquals(k[1], l.get().country(), k[0]);
                assertNull(l.get().city(), "countries only");
            }
            for (String privateOrReserved : Arrays.asList("10.0.0.1", "192.168.1.10", "172.20.0.5", "127.0.0.1", "100.64.1.1",
                    "169.254.0.1", "192.0.2.1", "fd12:3456::1", "fe80::1", "::1")) {
                assertTrue(resolver.resolve(InetAddress.getByName(privateOrReserved)).isEmpty(), privateOrReserved);
            }
        } finally {
            context.ungetService(ref);
        }
    }
}
