package io.rapport.channel.webhook.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The message ids ({@code webhook-id}) each channel received lately, so that a message sent again (a replay
 * of a captured request, or a sender's retry of a message that did arrive) is refused. An id is kept
 * {@link #KEEP_MILLIS}, twice the timestamp tolerance: by then its timestamp is stale anyway. Bounded by
 * {@link #MAX_IDS}: the oldest go first.
 */
final class SeenIds {
    static final long KEEP_MILLIS = 2 * HooksServlet.TOLERANCE_SECONDS * 1000L;
    static final int MAX_IDS = 100_000;

    /** channel and id to the time it may be forgotten; in order of arrival, so of expiry too. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    /** Records {@code id}; false when the channel received it already. */
    synchronized boolean first(String channel, String id, long nowMillis) {
        for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext();) {
            if (it.next().getValue() > nowMillis) {
                break;
            }
            it.remove();
        }
        String key = channel + "\n" + id;
        if (seen.containsKey(key)) {
            return false;
        }
        seen.put(key, nowMillis + KEEP_MILLIS);
        if (seen.size() > MAX_IDS) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** Forgets {@code id}: the message was refused after all, and its sender may retry it. */
    synchronized void forget(String channel, String id) {
        seen.remove(channel + "\n" + id);
    }
}
