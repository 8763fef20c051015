package io.rapport.location.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class OfflineLocationResolverTest {
    private final OfflineLocationResolver resolver = new OfflineLocationResolver(30_000);

    private String country(String address) throws Exception {
        return resolver.country(InetAddress.getByName(address));
    }

    @Test
    void bigNationalNetworksResolveToTheirCountry() throws Exception {
        assertEquals("DE", country("80.130.0.1")); // Deutsche Telekom
        assertEquals("GB", country("81.128.0.1")); // BT
        assertEquals("FR", country("90.1.0.1")); // Orange
        assertEquals("AU", country("1.128.0.1")); // Telstra
        assertEquals("JP", country("133.1.0.1")); // Japanese academic /8
        assertEquals("NL", country("193.0.6.139")); // RIPE NCC
        assertEquals("DE", country("2003::1")); // Deutsche Telekom
        assertEquals("FR", country("2a01:e00::1")); // Free
        assertEquals("JP", country("2400:4000::1"));
    }

    @Test
    void embeddedIpv4AddressesResolveAsIpv4() throws Exception {
        assertEquals("DE", country("::ffff:80.130.0.1"));
        assertEquals("GB", country("2002:5180:0001::1")); // 6to4 of 81.128.0.1
        assertEquals("FR", country("64:ff9b::5a01:0001")); // NAT64 of 90.1.0.1
    }

    @Test
    void privateAndReservedAddressesHaveNoCountry() throws Exception {
        for (String a : new String[] { "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "127.0.0.1", "0.0.0.0",
                "100.64.0.1", "169.254.1.1", "192.0.2.1", "198.51.100.7", "203.0.113.9", "198.18.0.1", "224.0.0.1",
                "255.255.255.255", "::1", "::", "fd00::1", "fe80::1", "ff02::1", "2001:db8::1", "2002:0a00:0001::1" }) {
            assertNull(country(a), a);
            assertTrue(resolver.resolve(InetAddress.getByName(a)).isEmpty(), a);
        }
    }

    @Test
    void tablesCoverTheWholeAddressSpaceInOrder() {
        CountryTable v4 = OfflineLocationResolver.load(OfflineLocationResolver.IPV4_TABLE);
        CountryTable v6 = OfflineLocationResolver.load(OfflineLocationResolver.IPV6_TABLE);
        assertEquals(4, v4.family());
        assertEquals(6, v6.family());
        assertTrue(v4.size() > 100_000, "IPv4 ranges: " + v4.size());
        assertTrue(v6.size() > 100_000, "IPv6 ranges: " + v6.size());
        assertNull(v4.lookup(0));
        assertNull(v4.lookup(0xFFFFFFFFL));
        assertEquals("US", v4.lookup(0x08080808L)); // 8.8.8.8
    }

    @Test
    void resolvedLocationCarriesOnlyTheCountry() throws Exception {
        var location = resolver.resolve(InetAddress.getByName("80.130.0.1")).orElseThrow();
        assertEquals("DE", location.country());
        assertNull(location.city());
        assertNull(location.region());
    }
}
