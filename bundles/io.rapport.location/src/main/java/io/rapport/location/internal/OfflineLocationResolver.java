package io.rapport.location.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.conversations.spi.LocationResolver;
import io.rapport.conversations.spi.ResolvedLocation;

/**
 * Rapport's built-in resolver: the country of an IPv4 or IPv6 address from a table bundled in this jar
 * (IPFire Location database, CC BY-SA 4.0; see META-INF/NOTICE). Countries only, no city or region. Registered
 * with the lowest ranking so that any plugin's resolver replaces it. Each table (IPv4, IPv6) is read on
 * its first use, not at start (about 0.1 s and 2 MB of heap each).
 */
@Component(service = LocationResolver.class, property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
public class OfflineLocationResolver implements LocationResolver {
    private static final Logger LOG = LoggerFactory.getLogger(OfflineLocationResolver.class);
    static final String IPV4_TABLE = "ipv4-country.bin.gz";
    static final String IPV6_TABLE = "ipv6-country.bin.gz";

    /** How long a lookup waits for its table's first load (about 0.1 s); then it answers unknown, well within Rapport's time limit. */
    static final long FIRST_LOAD_WAIT_MS = 300;

    private final Map<String, CompletableFuture<CountryTable>> tables = new ConcurrentHashMap<>();
    private final long firstLoadWaitMillis;

    public OfflineLocationResolver() {
        this(FIRST_LOAD_WAIT_MS);
    }

    OfflineLocationResolver(long firstLoadWaitMillis) {
        this.firstLoadWaitMillis = firstLoadWaitMillis;
    }

    @Override
    public Optional<ResolvedLocation> resolve(InetAddress address) {
        return Optional.ofNullable(country(address)).map(country -> new ResolvedLocation(null, null, country));
    }

    /** The ISO 3166-1 alpha-2 code of the address's country; null for private, reserved and unknown addresses. */
    String country(InetAddress address) {
        if (address == null) {
            return null;
        }
        byte[] a = address.getAddress();
        if (address instanceof Inet4Address) {
            return reservedIpv4(a) ? null : lookup(IPV4_TABLE, ipv4Key(a, 0));
        }
        if (address instanceof Inet6Address) {
            Integer embedded = embeddedIpv4Offset(a);
            if (embedded != null) {
                byte[] v4 = { a[embedded], a[embedded + 1], a[embedded + 2], a[embedded + 3] };
                return reservedIpv4(v4) ? null : lookup(IPV4_TABLE, ipv4Key(v4, 0));
            }
            if (reservedIpv6(a)) {
                return null;
            }
            long high = 0;
            for (int i = 0; i < 8; i++) {
                high = (high << 8) | (a[i] & 0xFF);
            }
            return lookup(IPV6_TABLE, high);
        }
        return null;
    }

    private static long ipv4Key(byte[] a, int offset) {
        return ((a[offset] & 0xFFL) << 24) | ((a[offset + 1] & 0xFF) << 16) | ((a[offset + 2] & 0xFF) << 8) | (a[offset + 3] & 0xFF);
    }

    /** RFC 6890 special-purpose IPv4 blocks: nobody's country. */
    static boolean reservedIpv4(byte[] a) {
        int b0 = a[0] & 0xFF;
        int b1 = a[1] & 0xFF;
        int b2 = a[2] & 0xFF;
        return b0 == 0 || b0 == 10 || b0 == 127 || b0 >= 224 // this network, private, loopback, multicast, reserved, broadcast
                || (b0 == 100 && (b1 & 0xC0) == 64) // shared address space (carrier-grade NAT)
                || (b0 == 169 && b1 == 254) // link local
                || (b0 == 172 && (b1 & 0xF0) == 16) // private
                || (b0 == 192 && b1 == 168) // private
                || (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) // IETF protocol assignments, TEST-NET-1
                || (b0 == 198 && (b1 & 0xFE) == 18) // benchmarking
                || (b0 == 198 && b1 == 51 && b2 == 100) // TEST-NET-2
                || (b0 == 203 && b1 == 0 && b2 == 113); // TEST-NET-3
    }

    /** Special-purpose IPv6 blocks: unspecified, loopback, IPv4-compatible, unique local, link local, multicast, documentation. */
    static boolean reservedIpv6(byte[] a) {
        int b0 = a[0] & 0xFF;
        int b1 = a[1] & 0xFF;
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= a[i] == 0;
        }
        return firstTenZero // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
                || (b0 & 0xFE) == 0xFC || (b0 == 0xFE && (b1 & 0xC0) == 0x80) || b0 == 0xFF
                || (b0 == 0x20 && b1 == 0x01 && (a[2] & 0xFF) == 0x0D && (a[3] & 0xFF) == 0xB8)
                || (b0 == 0x20 && b1 == 0x01 && a[2] == 0 && a[3] == 0); // Teredo: the client's address is obfuscated
    }

    /** Where an IPv6 address carries the IPv4 address it stands for: 6to4 (2002::/16) and NAT64 (64:ff9b::/96). */
    static Integer embeddedIpv4Offset(byte[] a) {
        if ((a[0] & 0xFF) == 0x20 && (a[1] & 0xFF) == 0x02) {
            return 2;
        }
        boolean nat64 = a[0] == 0 && (a[1] & 0xFF) == 0x64 && (a[2] & 0xFF) == 0xFF && (a[3] & 0xFF) == 0x9B;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = a[i] == 0;
        }
        return nat64 ? 12 : null;
    }

    /** Looks {@code key} up in the table, loading it on first use in a thread of its own; null while it is still loading. */
    private String lookup(String table, long key) {
        CompletableFuture<CountryTable> loading = tables.computeIfAbsent(table, name -> CompletableFuture.supplyAsync(() -> load(name), job -> {
            Thread t = new Thread(job, "rapport-location-" + name);
            t.setDaemon(true);
            t.start();
        }));
        try {
            return loading.get(firstLoadWaitMillis, TimeUnit.MILLISECONDS).lookup(key);
        } catch (TimeoutException stillLoading) {
            LOG.debug("The table {} is still loading: no location this time", table);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            tables.remove(table, loading); // a broken build: tried again next time, and the guard reports the plugin
            throw new IllegalStateException("The offline location table " + table + " cannot be read", e.getCause());
        }
    }

    static CountryTable load(String name) {
        long started = System.nanoTime();
        try (InputStream in = OfflineLocationResolver.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The bundled table " + name + " is missing from io.rapport.location");
            }
            CountryTable table = CountryTable.read(in);
            LOG.info("Loaded the offline location table {} ({} ranges) in {} ms", name, table.size(),
                    (System.nanoTime() - started) / 1_000_000);
            return table;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bundled table " + name, e);
        }
    }
}
