package io.rapport.rest.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a raw query string is well formed: every {@code %} followed by two hex digits, and the bytes it
 * stands for valid UTF-8. Jetty decodes a query leniently (a bad escape failed deep inside the servlet layer
 * as an empty 500; invalid UTF-8 became U+FFFD and was stored as such): the front refuses both with 400.
 */
final class QueryEncoding {
    private QueryEncoding() {
    }

    static boolean valid(String rawQuery) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawQuery.length());
        for (int i = 0; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawQuery.length()) {
                    return false;
                }
                int hi = Character.digit(rawQuery.charAt(i + 1), 16);
                int lo = Character.digit(rawQuery.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return false;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0x7F) {
                return false; // the request line is ASCII; Jetty would have refused it already
            } else {
                bytes.write(c);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
