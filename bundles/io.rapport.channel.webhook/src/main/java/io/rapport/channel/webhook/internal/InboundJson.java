package io.rapport.channel.webhook.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.rapport.conversations.spi.InboundMessage;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.Validators;

/** The inbound body: {@code {"handle", "text", "name", "email", "phone", "ip", "user_agent", "thread", "message_id", "sent_at"}}. */
final class InboundJson {
    static final Set<String> FIELDS = Set.of("handle", "text", "name", "email", "phone", "ip", "user_agent", "thread",
            "message_id", "sent_at");
    private static final Pattern IPV4 = Pattern.compile("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");

    private InboundJson() {
    }

    /**
     * {@code webhookId}: the message's {@code webhook-id} (null under legacy signatures); the message id when the
     * body has none, so that Rapport keeps the message once across restarts too.
     *
     * @throws DomainException 400 naming every field at fault
     */
    static InboundMessage read(String channel, Map<String, Object> body, String webhookId) {
        JsonObjectReader r = new JsonObjectReader(body).onlyKnown(FIELDS);
        String handle = required(r, "handle", 320);
        String text = required(r, "text", 100_000);
        String name = r.string("name", 200);
        String email = r.string("email", 254);
        if (email != null && !email.isEmpty() && Validators.normaliseEmail(email) == null) {
            r.error("email", "must be an email address");
        }
        String phone = r.string("phone", 40);
        if (phone != null && !phone.isEmpty() && !Validators.isPhone(phone)) {
            r.error("phone", "must be a phone number (digits with the usual separators, E.164 preferred)");
        }
        String ip = r.string("ip", 45);
        if (ip != null && !ip.isEmpty() && !isIpLiteral(ip)) {
            r.error("ip", "must be an IPv4 or IPv6 address");
        }
        String userAgent = r.string("user_agent", 1000);
        String thread = r.string("thread", 500);
        String messageId = r.string("message_id", 500);
        Instant sentAt = null;
        String sent = r.string("sent_at", 64);
        if (sent != null && !sent.isEmpty()) {
            sentAt = instant(sent);
            if (sentAt == null) {
                r.error("sent_at", "must be an ISO 8601 instant such as 2026-11-22T17:45:00Z");
            }
        }
        r.throwIfInvalid();
        return InboundMessage.builder(channel, handle, text).name(blankToNull(name)).email(blankToNull(email))
                .phone(blankToNull(phone)).ipAddress(blankToNull(ip)).userAgent(blankToNull(userAgent))
                .threadKey(blankToNull(thread)).messageId(blankToNull(messageId) != null ? messageId : webhookId).sentAt(sentAt).build();
    }

    private static String required(JsonObjectReader r, String field, int maxLength) {
        if (!r.has(field) || r.raw(field) == null) {
            r.error(field, "is required");
            return "";
        }
        String value = r.string(field, maxLength);
        if (value != null && value.isEmpty()) {
            r.error(field, "must not be blank");
        }
        return value == null ? "" : value;
    }

    /** An IP literal, checked by its form first so that no name is ever looked up in DNS. */
    static boolean isIpLiteral(String ip) {
        if (IPV4.matcher(ip).matches()) {
            return true;
        }
        if (!ip.contains(":") || !IPV6.matcher(ip).matches()) {
            return false;
        }
        try {
            java.net.InetAddress.getByName(ip);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
