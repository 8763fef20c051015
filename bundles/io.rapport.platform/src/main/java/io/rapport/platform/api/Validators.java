package io.rapport.platform.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks and normal forms of values that several bundles accept (emails, phone numbers, web addresses). */
public final class Validators {
    // Pragmatic, not RFC 5322: one @, a dot in the domain, no spaces. Mailboxes that need more do not
    // appear in help-desk traffic.
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");
    private static final Pattern PHONE_CHARS = Pattern.compile("^\\+?[0-9 ()./-]+(?:\\s*(?:x|ext\\.?)\\s*[0-9]{1,6})?$", Pattern.CASE_INSENSITIVE);

    private Validators() {
    }

    /** Lower-cased and trimmed email, or null when it is not an email address. */
    public static String normaliseEmail(String email) {
        if (email == null) {
            return null;
        }
        String e = email.trim().toLowerCase(Locale.ROOT);
        return e.length() <= 254 && EMAIL.matcher(e).matches() ? e : null;
    }

    /**
     * A phone number checked loosely (digits with the usual separators, 5 to 15 digits, an optional
     * extension) and kept as written; E.164 ({@code +14155550123}) is preferred but not required.
     */
    public static boolean isPhone(String phone) {
        if (phone == null || !PHONE_CHARS.matcher(phone.trim()).matches()) {
            return false;
        }
        String main = phone.split("(?i)x|ext")[0];
        long digits = main.chars().filter(Character::isDigit).count();
        return digits >= 5 && digits <= 15;
    }

    /** An absolute http or https URL with a host. */
    public static boolean isWebUrl(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
