package io.rapport.conversations.spi;

/** A location found for an IP address; any part may be null when not known. */
public final class ResolvedLocation {
    private final String city;
    private final String region;
    private final String country;

    /** @param country an ISO 3166-1 alpha-2 code, e.g. {@code GB} */
    public ResolvedLocation(String city, String region, String country) {
        this.city = city;
        this.region = region;
        this.country = country;
    }

    public String city() { return city; }
    public String region() { return region; }
    public String country() { return country; }
}
