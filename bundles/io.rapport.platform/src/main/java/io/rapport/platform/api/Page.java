package io.rapport.platform.api;

import io.rapport.platform.errors.InvalidException;
import java.util.List;

/**
 * One page of a list: {@code {"data": [...], "next_cursor": "..." | null}}. A null next cursor means
 * this is the last page.
 */
public final class Page<T> {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public final List<T> data;
    public final String nextCursor;

    public Page(List<T> data, String nextCursor) {
        this.data = List.copyOf(data);
        this.nextCursor = nextCursor;
    }

    /**
     * The page size a client asked for (the {@code limit} query parameter), checked: absent means the default, and anything outside
     * 1..{@value #MAX_LIMIT} is a 400 on {@code limit}.
     */
    public static int limit(String requestedText) {
        if (requestedText == null || requestedText.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int requested;
        try {
            requested = Integer.parseInt(requestedText.trim());
        } catch (NumberFormatException e) {
            throw new InvalidException("limit", "must be a whole number between 1 and " + MAX_LIMIT + ", was '" + requestedText + "'");
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw new InvalidException("limit", "must be between 1 and " + MAX_LIMIT + ", was " + requested);
        }
        return requested;
    }
}
