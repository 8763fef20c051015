package io.rapport.rest.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * Failed authentications per client address, as token buckets: a burst of {@code burst} failures, then
 * {@code perMinute} more each minute. An address with no failure left is refused (429) until it has one
 * again, whatever it sends: answering a guess that happens to be right would make the throttle useless.
 * Memory is bounded: at most {@link #MAX_ADDRESSES} addresses are tracked, the full buckets dropped first.
 * Keys are client addresses, and {@code email:<address>} for failed sign-ins to one account.
 */
@Component(service = AuthThrottle.class, configurationPid = RestConfig.PID)
public class AuthThrottle {
    static final int MAX_ADDRESSES = 10_000;

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile int burst;
    private volatile double perNano;

    AuthThrottle(int burst, int perMinute) {
        configure(burst, perMinute);
    }

    @Activate
    public AuthThrottle(RestConfig config) {
        this(config.auth_failures_burst(), config.auth_failures_per_minute());
    }

    @Modified
    void modified(RestConfig config) {
        configure(config.auth_failures_burst(), config.auth_failures_per_minute());
    }

    void configure(int burst, int perMinute) {
        this.burst = Math.max(1, burst);
        this.perNano = Math.max(1, perMinute) / 60e9;
    }

    /** Seconds until {@code address} may try again; 0 when it may now. */
    long retryAfterSeconds(String address) {
        Bucket b = buckets.get(address);
        if (b == null) {
            return 0;
        }
        synchronized (b) {
            refill(b, System.nanoTime());
            return b.tokens >= 1 ? 0 : (long) Math.ceil((1 - b.tokens) / perNano / 1e9);
        }
    }

    /** Records a failed authentication of {@code address}. */
    void failed(String address) {
        long now = System.nanoTime();
        if (buckets.size() >= MAX_ADDRESSES) {
            evict(now);
        }
        Bucket b = buckets.computeIfAbsent(address, a -> new Bucket(burst, now));
        synchronized (b) {
            refill(b, now);
            b.tokens = Math.max(0, b.tokens - 1);
        }
    }

    private void refill(Bucket b, long now) {
        b.tokens = Math.min(burst, b.tokens + (now - b.updatedNanos) * perNano);
        b.updatedNanos = now;
    }

    /** Forgets the addresses whose buckets are full again, and if that is not enough, any. */
    private void evict(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext();) {
            Bucket b = it.next();
            synchronized (b) {
                refill(b, now);
                if (b.tokens >= burst) {
                    it.remove();
                }
            }
        }
        for (Iterator<String> it = buckets.keySet().iterator(); buckets.size() >= MAX_ADDRESSES && it.hasNext();) {
            it.next();
            it.remove();
        }
    }
}
