package io.rapport.attributes.internal;

import io.rapport.attributes.api.AttributeValues;
import io.rapport.attributes.api.AttributesService;

/**
 * One read of a profile's values serves both of its sections, {@code attributes} and
 * {@code attribute_status}: the profile assembler asks them one after the other on the same thread, in
 * either order. The first computes and leaves the read here; the other takes it, so the two always agree
 * and plugin types format each value once. A read left over (its pair never asked) is not reused after a
 * second.
 */
final class ProfileReads {
    private static final long FRESH_NANOS = 1_000_000_000L;
    private static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();

    private ProfileReads() {
    }

    /** The read for the section {@code forStatus} (true: attribute_status, false: attributes). */
    static AttributeValues read(AttributesService attributes, String model, String subjectId, boolean forStatus) {
        Pending p = PENDING.get();
        if (p != null) {
            PENDING.remove();
            if (p.forStatus != forStatus && p.model.equals(model) && p.subjectId.equals(subjectId) && System.nanoTime() - p.at < FRESH_NANOS) {
                return p.read;
            }
        }
        AttributeValues read = attributes.valuesAndStatus(model, subjectId);
        PENDING.set(new Pending(model, subjectId, forStatus, read));
        return read;
    }

    private static final class Pending {
        final String model;
        final String subjectId;
        final boolean forStatus;
        final AttributeValues read;
        final long at = System.nanoTime();

        Pending(String model, String subjectId, boolean forStatus, AttributeValues read) {
            this.model = model;
            this.subjectId = subjectId;
            this.forStatus = forStatus;
            this.read = read;
        }
    }
}
