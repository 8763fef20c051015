package io.rapport.companies.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.IDN;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.rapport.companies.api.Company;
import io.rapport.companies.api.CompanyData;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.Validators;

/**
 * A company's JSON object form: reading it with a 400 for every field at fault, checking values, and
 * writing it back (for merge patches, events and profiles).
 */
final class CompanyJson {
    static final Set<String> WRITABLE = Set.of("name", "domain", "website", "industry", "size", "external_id");
    static final Set<String> READ_ONLY = Set.of("id", "created_at", "updated_at");
    static final String WRITABLE_LIST = "domain, external_id, industry, name, size, website";

    private static final Pattern LABEL = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$");

    private CompanyJson() {
    }

    /** Reads a company's writable fields; read-only fields are allowed only when {@code allowReadOnly}. */
    static CompanyData read(Map<String, Object> object, boolean allowReadOnly) {
        JsonObjectReader in = new JsonObjectReader(object);
        checkKeys(in, object.keySet(), allowReadOnly);
        CompanyData d = new CompanyData();
        d.name = in.string("name", 255);
        d.domain = in.string("domain", 253);
        d.website = in.string("website", 2048);
        d.industry = in.string("industry", 100);
        d.size = size(in, in.raw("size"));
        d.externalId = in.string("external_id", 255);
        in.throwIfInvalid();
        return d;
    }

    /** Reports read-only (unless allowed) and unknown keys. */
    static void checkKeys(JsonObjectReader in, Set<String> keys, boolean allowReadOnly) {
        for (String key : keys) {
            if (READ_ONLY.contains(key)) {
                if (!allowReadOnly) {
                    in.error(key, "is read-only");
                }
            } else if (!WRITABLE.contains(key)) {
                in.error(key, "unknown field; writable fields are " + WRITABLE_LIST);
            }
        }
    }

    private static Integer size(JsonObjectReader in, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number)) {
            in.error("size", "must be a whole number of employees, was " + JsonObjectReader.typeOf(value));
            return null;
        }
        BigDecimal n;
        try {
            n = value instanceof BigDecimal ? (BigDecimal) value
                    : value instanceof BigInteger ? new BigDecimal((BigInteger) value) : new BigDecimal(value.toString());
        } catch (NumberFormatException e) {
            in.error("size", "must be a whole number of employees, was " + value);
            return null;
        }
        if (n.signum() != 0 && n.stripTrailingZeros().scale() > 0) {
            in.error("size", "must be a whole number of employees, was " + value);
            return null;
        }
        if (n.signum() < 0) {
            in.error("size", "must be 0 or more, was " + value);
            return null;
        }
        if (n.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            in.error("size", "must be at most " + Integer.MAX_VALUE + ", was " + value);
            return null;
        }
        return n.intValue();
    }

    /**
     * Checks values and returns the normal form: domain lower-cased, empty strings as absent, a name
     * required. Used on every write, whichever way the data came in.
     */
    static CompanyData normalise(CompanyData in) {
        JsonObjectReader errors = new JsonObjectReader(Map.of());
        CompanyData d = new CompanyData();
        d.name = blankToNull(in.name);
        if (d.name == null) {
            errors.error("name", "is required: a company needs a name");
        } else if (d.name.length() > 255) {
            errors.error("name", "must be at most 255 characters, was " + d.name.length());
        }
        String domain = blankToNull(in.domain);
        if (domain != null) {
            d.domain = normaliseDomain(domain);
            if (d.domain == null) {
                errors.error("domain", "'" + domain + "' is not a domain name; give the host name alone, such as acme.com "
                        + "(no scheme, port or path)");
            }
        }
        d.website = blankToNull(in.website);
        if (d.website != null && (d.website.length() > 2048 || !Validators.isWebUrl(d.website))) {
            errors.error("website", "must be an absolute http or https URL, such as https://acme.com");
        }
        d.industry = blankToNull(in.industry);
        if (d.industry != null && d.industry.length() > 100) {
            errors.error("industry", "must be at most 100 characters, was " + d.industry.length());
        }
        if (in.size != null && in.size < 0) {
            errors.error("size", "must be 0 or more, was " + in.size);
        }
        d.size = in.size;
        d.externalId = blankToNull(in.externalId);
        if (d.externalId != null && d.externalId.length() > 255) {
            errors.error("external_id", "must be at most 255 characters, was " + d.externalId.length());
        }
        errors.throwIfInvalid();
        return d;
    }

    /**
     * A host name in lower case (internationalised names in their ASCII form), or null when {@code text}
     * is not one: at least two labels, no scheme, port, path or IP address.
     */
    static String normaliseDomain(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 253) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 127) {
                try {
                    s = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED);
                } catch (IllegalArgumentException e) {
                    return null;
                }
                break;
            }
        }
        s = s.toLowerCase(Locale.ROOT);
        if (s.length() > 253) {
            return null;
        }
        String[] labels = s.split("\\.", -1);
        if (labels.length < 2) {
            return null;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return null;
            }
        }
        // A top-level label of digits only is an IP address, not a name.
        return labels[labels.length - 1].chars().allMatch(Character::isDigit) ? null : s;
    }

    /** The JSON object form of a company (snake_case, as the API shows it). */
    static Map<String, Object> write(Company c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id);
        m.put("name", c.name);
        m.put("domain", c.domain);
        m.put("website", c.website);
        m.put("industry", c.industry);
        m.put("size", c.size);
        m.put("external_id", c.externalId);
        m.put("created_at", c.createdAt.toString());
        m.put("updated_at", c.updatedAt.toString());
        return m;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
