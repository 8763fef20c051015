package io.rapport.people.api;

import java.util.Objects;

/**
 * Where a person is, as far as known, and how that was learnt: {@link #source} is {@value #IP} when a
 * location resolver placed the IP address {@link #ip} of one of their messages (resolver's bundle in
 * {@link #resolvedBy}), {@value #MANUAL} when a user or an API client wrote the place. A write that
 * changes the place without naming a source makes it {@value #MANUAL}.
 */
public class Location {
    /** @since 1.3 */
    public static final String IP = "ip";
    /** @since 1.3 */
    public static final String MANUAL = "manual";

    public String city;
    public String region;
    public String country;
    /** {@value #IP}, {@value #MANUAL}, or null without a place. @since 1.3 */
    public String source;
    /** The address the place was resolved from, when {@link #source} is {@value #IP}. @since 1.3 */
    public String ip;
    /** The symbolic name of the resolver's bundle, when {@link #source} is {@value #IP}. @since 1.3 */
    public String resolvedBy;

    public Location() {
    }

    public Location(String city, String region, String country) {
        this.city = city;
        this.region = region;
        this.country = country;
    }

    /** @since 1.3 */
    public Location(String city, String region, String country, String source, String ip, String resolvedBy) {
        this(city, region, country);
        this.source = source;
        this.ip = ip;
        this.resolvedBy = resolvedBy;
    }

    /** Whether city, region and country are those of {@code other} (the source aside). @since 1.3 */
    public boolean samePlace(Location other) {
        return other != null && Objects.equals(city, other.city) && Objects.equals(region, other.region)
                && Objects.equals(country, other.country);
    }

    /** Whether any of city, region and country is known. @since 1.3 */
    public boolean isKnown() {
        return city != null || region != null || country != null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Location)) {
            return false;
        }
        Location l = (Location) o;
        return samePlace(l) && Objects.equals(source, l.source) && Objects.equals(ip, l.ip) && Objects.equals(resolvedBy, l.resolvedBy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(city, region, country, source, ip, resolvedBy);
    }
}
