package io.rapport.people.api;

import java.util.Objects;

/** Where a person is, as far as known (filled from the IP address of their messages by a resolver). */
public class Location {
    public String city;
    public String region;
    public String country;

    public Location() {
    }

    public Location(String city, String region, String country) {
        this.city = city;
        this.region = region;
        this.country = country;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Location && Objects.equals(city, ((Location) o).city)
                && Objects.equals(region, ((Location) o).region) && Objects.equals(country, ((Location) o).country);
    }

    @Override
    public int hashCode() {
        return Objects.hash(city, region, country);
    }
}
