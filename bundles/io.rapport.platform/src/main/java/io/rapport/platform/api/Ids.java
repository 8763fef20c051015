package io.rapport.platform.api;

import java.security.SecureRandom;

/** Opaque ids: a short type prefix and 20 random characters from 33 that cannot be confused (about 100 bits), e.g. {@code per_k3j...}. */
public final class Ids {
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newId(String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length() + 21).append(prefix).append('_');
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }
}
