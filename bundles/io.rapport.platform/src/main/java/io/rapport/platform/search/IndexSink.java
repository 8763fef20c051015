package io.rapport.platform.search;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a provider writes values into the search index. Every call sets the whole current value (never a
 * delta), so applying the same change twice is harmless. Values by {@link FieldType}: TEXT a
 * {@code String}; TEXT_LIST a {@code Collection<String>}; NUMBER a {@code Number} (use
 * {@code BigDecimal} for decimals); INSTANT a {@code Long} of epoch microseconds; BOOLEAN a
 * {@code Boolean}; null (or an empty collection) means the field has no value. A field of any type may
 * also hold several values as a {@code Collection} (a person's companies' sizes): a condition then holds
 * when one of them matches, and such a field does not sort.
 */
@ProviderType
public interface IndexSink {
    /**
     * The subject exists (or still exists), created at {@code createdAtMicros}: only the model's owning
     * bundle (people for persons, companies for companies) calls it. Subjects are listed newest first
     * by this time unless a query sorts otherwise.
     */
    void subject(String model, String subjectId, long createdAtMicros);

    /** The subject was deleted: it and all its field values leave the index. Owning bundle only. */
    void removeSubject(String model, String subjectId);

    /** Sets the subject's value of one of this provider's fields. */
    void set(String model, String subjectId, String field, Object value);
}
