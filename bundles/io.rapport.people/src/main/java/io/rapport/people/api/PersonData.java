package io.rapport.people.api;

import java.util.ArrayList;
import java.util.List;

/** The writable fields of a person: what a create or a full replace sets. */
public class PersonData {
    public String name;
    /** The first is the primary email. Normalised to lower case; unique across people. */
    public List<String> emails = new ArrayList<>();
    /** Loosely validated; E.164 preferred. */
    public List<String> phones = new ArrayList<>();
    public String avatarUrl;
    /** The id in the customer's own systems; unique when set. */
    public String externalId;
    public Location location = new Location();
}
