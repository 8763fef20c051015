package io.rapport.platform.api;

import io.rapport.platform.errors.InvalidException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A keyset position in a list sorted newest first: the last row's creation time (epoch microseconds, see
 * {@link MonotonicClock}) and its id as tie-breaker. Rows inserted while a client pages are newer than every cursor it holds,
 * so pages never repeat or skip rows. Opaque to clients (URL-safe base64).
 */
public final class Cursor {
    public final long time;
    public final String id;

    public Cursor(long time, String id) {
        this.time = time;
        this.id = id;
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((time + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a client's cursor; null or empty means the first page. A damaged one is a 400 on {@code cursor}. */
    public static Cursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException();
            }
            return new Cursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidException("cursor", "is not a cursor this API gave out; pass next_cursor from the previous page unchanged");
        }
    }
}
