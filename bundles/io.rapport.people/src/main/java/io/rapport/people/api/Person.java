package io.rapport.people.api;

import java.time.Instant;
import java.util.List;

/** A person as stored; {@link #version()} is the ETag's value. */
public class Person {
    public String id;
    public String name;
    public List<String> emails;
    public List<String> phones;
    public String avatarUrl;
    public String externalId;
    public Location location;
    public Instant createdAt;
    public Instant updatedAt;

    private long version;

    public long version() {
        return version;
    }

    public Person version(long version) {
        this.version = version;
        return this;
    }
}
