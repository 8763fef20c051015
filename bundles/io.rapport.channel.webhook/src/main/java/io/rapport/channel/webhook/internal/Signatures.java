package io.rapport.channel.webhook.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures of the Standard Webhooks scheme (https://www.standardwebhooks.com), both ways:
 * {@code webhook-signature: v1,<base64 of HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>},
 * several space-separated signatures allowed (while a secret is rotated). The key is the base64 after
 * {@code whsec_} when the secret has that form, else the secret's UTF-8 bytes. Signing the id and the
 * timestamp with the body is what lets a receiver refuse a replayed or stale message.
 * <p>
 * The legacy scheme ({@code X-Rapport-Signature: sha256=<hex of HMAC-SHA256(secret, raw body)>}) signs the body
 * only; it is accepted only when a channel's {@code legacy.signatures} is set, while senders migrate.
 */
final class Signatures {
    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";
    static final String LEGACY_HEADER = "X-Rapport-Signature";
    private static final String VERSION = "v1,";
    private static final String LEGACY_PREFIX = "sha256=";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Signatures() {
    }

    /** The key of a secret: a {@code whsec_} secret is base64, any other is used as it is written. */
    static byte[] key(String secret) {
        if (secret.startsWith("whsec_")) {
            try {
                byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
                if (key.length > 0) {
                    return key;
                }
            } catch (IllegalArgumentException notBase64) {
                // a secret that merely starts so is used as written
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code v1,<base64>} for a message id, its Unix time in seconds and its body. */
    static String sign(String secret, String id, long timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return VERSION + Base64.getEncoder().encodeToString(hmac(key(secret), signed));
    }

    /** Whether one of the space-separated signatures in {@code header} is that of this message; constant time. */
    static boolean verify(String secret, String id, long timestamp, byte[] body, String header) {
        if (header == null || id == null) {
            return false;
        }
        byte[] expected = sign(secret, id, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        boolean found = false;
        for (String given : header.trim().split(" +")) {
            found |= MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII));
        }
        return found;
    }

    /** The legacy signature: {@code sha256=<lower-case hex of HMAC-SHA256(secret, body)>}. */
    static String signLegacy(String secret, byte[] body) {
        byte[] digest = hmac(secret.getBytes(StandardCharsets.UTF_8), body);
        char[] hex = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return LEGACY_PREFIX + new String(hex);
    }

    static boolean verifyLegacy(String secret, byte[] body, String header) {
        if (header == null) {
            return false;
        }
        byte[] given = header.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(signLegacy(secret, body).getBytes(StandardCharsets.US_ASCII), given);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e); // every Java 17 has it
        }
    }
}
