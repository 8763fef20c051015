package io.rapport.people.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.rapport.people.api.Location;
import io.rapport.people.api.Person;
import io.rapport.people.api.PersonData;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.Validators;

/**
 * A person's JSON object form: reading it with a 400 for every field at fault, checking values, and
 * writing it back (for merge patches and events).
 */
final class PersonJson {
    static final Set<String> WRITABLE = Set.of("name", "emails", "phones", "avatar_url", "external_id", "location");
    static final Set<String> READ_ONLY = Set.of("id", "created_at", "updated_at");
    static final Set<String> LOCATION_FIELDS = Set.of("city", "region", "country");
    static final int MAX_EMAILS = 20;
    static final int MAX_PHONES = 20;

    private PersonJson() {
    }

    /** Reads a person's writable fields; read-only fields are allowed only when {@code allowReadOnly}. */
    static PersonData read(Map<String, Object> object, boolean allowReadOnly) {
        JsonObjectReader in = new JsonObjectReader(object);
        for (String key : object.keySet()) {
            if (READ_ONLY.contains(key)) {
                if (!allowReadOnly) {
                    in.error(key, "is read-only");
                }
            } else if (!WRITABLE.contains(key)) {
                in.error(key, "unknown field; writable fields are avatar_url, emails, external_id, location, name, phones");
            }
        }
        PersonData d = new PersonData();
        d.name = in.string("name", 255);
        d.emails = in.strings("emails", MAX_EMAILS, 254);
        d.phones = in.strings("phones", MAX_PHONES, 40);
        d.avatarUrl = in.string("avatar_url", 2048);
        d.externalId = in.string("external_id", 255);
        JsonObjectReader location = in.object("location").onlyKnown(LOCATION_FIELDS);
        d.location = new Location(location.string("city", 100), location.string("region", 100), location.string("country", 100));
        in.throwIfInvalid();
        return d;
    }

    /**
     * Checks values and returns the normal form: emails lower-cased and de-duplicated, empty strings
     * as absent. Used on every write, whichever way the data came in.
     */
    static PersonData normalise(PersonData in) {
        JsonObjectReader errors = new JsonObjectReader(Map.of());
        PersonData d = new PersonData();
        d.name = blankToNull(in.name);
        LinkedHashSet<String> emails = new LinkedHashSet<>();
        List<String> inEmails = in.emails == null ? List.of() : in.emails;
        for (int i = 0; i < inEmails.size(); i++) {
            String e = Validators.normaliseEmail(inEmails.get(i));
            if (e == null) {
                errors.error("emails[" + i + "]", "'" + inEmails.get(i) + "' is not an email address");
            } else {
                emails.add(e);
            }
        }
        d.emails = new ArrayList<>(emails);
        List<String> inPhones = in.phones == null ? List.of() : in.phones;
        d.phones = new ArrayList<>();
        for (int i = 0; i < inPhones.size(); i++) {
            String p = inPhones.get(i) == null ? null : inPhones.get(i).trim();
            if (!Validators.isPhone(p)) {
                errors.error("phones[" + i + "]", "'" + inPhones.get(i)
                        + "' is not a phone number (5 to 15 digits; E.164 such as +14155550123 preferred)");
            } else if (!d.phones.contains(p)) {
                d.phones.add(p);
            }
        }
        d.avatarUrl = blankToNull(in.avatarUrl);
        if (d.avatarUrl != null && !Validators.isWebUrl(d.avatarUrl)) {
            errors.error("avatar_url", "must be an absolute http or https URL");
        }
        d.externalId = blankToNull(in.externalId);
        Location l = in.location == null ? new Location() : in.location;
        d.location = new Location(blankToNull(l.city), blankToNull(l.region), blankToNull(l.country));
        errors.throwIfInvalid();
        return d;
    }

    /** The JSON object form of a person (snake_case, as the API shows it). */
    static Map<String, Object> write(Person p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id);
        m.put("name", p.name);
        m.put("emails", p.emails);
        m.put("phones", p.phones);
        m.put("avatar_url", p.avatarUrl);
        m.put("external_id", p.externalId);
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("city", p.location.city);
        location.put("region", p.location.region);
        location.put("country", p.location.country);
        m.put("location", location);
        m.put("created_at", p.createdAt.toString());
        m.put("updated_at", p.updatedAt.toString());
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
