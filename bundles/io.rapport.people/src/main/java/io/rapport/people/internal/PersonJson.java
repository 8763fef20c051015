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
    /** The parts of a location that say where. */
    static final Set<String> LOCATION_FIELDS = Set.of("city", "region", "country");
    /** Every key of a location: its place, and how it was learnt. */
    static final Set<String> LOCATION_KEYS = Set.of("city", "region", "country", "source", "ip", "resolved_by");
    private static final java.util.regex.Pattern IP_LITERAL = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]{2,45}");
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
        JsonObjectReader location = in.object("location").onlyKnown(LOCATION_KEYS);
        d.location = new Location(location.string("city", 100), location.string("region", 100), location.string("country", 100),
                location.string("source", 10), location.string("ip", 45), location.string("resolved_by", 255));
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
        if (d.location.isKnown()) {
            String source = blankToNull(l.source);
            if (source == null || Location.MANUAL.equals(source)) {
                d.location.source = Location.MANUAL;
            } else if (Location.IP.equals(source)) {
                d.location.source = Location.IP;
                d.location.ip = blankToNull(l.ip);
                d.location.resolvedBy = blankToNull(l.resolvedBy);
                if (d.location.ip == null || !IP_LITERAL.matcher(d.location.ip).matches() || d.location.ip.indexOf('.') < 0 && d.location.ip.indexOf(':') < 0) {
                    errors.error("location.ip", d.location.ip == null ? "is required when location.source is 'ip': the address the place was resolved from"
                            : "must be an IPv4 or IPv6 address, was '" + d.location.ip + "'");
                }
            } else {
                errors.error("location.source", "must be 'ip' (resolved from location.ip) or 'manual', was '" + source + "'");
            }
        }
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
        location.put("source", p.location.source);
        location.put("ip", p.location.ip);
        location.put("resolved_by", p.location.resolvedBy);
        m.put("location", location);
        m.put("created_at", p.createdAt.toString());
        m.put("updated_at", p.updatedAt.toString());
        return m;
    }

    /**
     * The location to store when a write turns {@code before} into {@code after}: a writer that named no
     * source keeps the old one while the place stays, and makes it {@value Location#MANUAL} when the
     * place changes (an agent's correction is no longer what the IP address said).
     */
    static Location located(Location before, Location after, boolean sourceNamed) {
        if (!after.isKnown()) {
            return new Location();
        }
        if (sourceNamed) {
            return after;
        }
        Location b = before == null ? new Location() : before;
        if (after.samePlace(b) && b.source != null) {
            return new Location(after.city, after.region, after.country, b.source, b.ip, b.resolvedBy);
        }
        return new Location(after.city, after.region, after.country, Location.MANUAL, null, null);
    }

    /** Whether a merge patch or a row names the location's source. */
    static boolean namesSource(Map<String, Object> object) {
        Object l = object.get("location");
        return l instanceof Map && ((Map<?, ?>) l).containsKey("source");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
