package io.rapport.platform.api;

import io.rapport.platform.errors.DomainException;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A writable part of a profile that another bundle owns (custom attributes), set through
 * {@code PATCH /people/{id}} or {@code /companies/{id}} under its name. Registered with the service
 * property {@link ProfileSection#NAME}; the owner usually registers a {@link ProfileSection} of the same
 * name for reading.
 */
@ConsumerType
public interface ProfileField {
    /**
     * Checks a patch of this field before anything is written: an {@code InvalidException} naming
     * the key at fault, e.g. {@code attributes.plan}.
     */
    void validate(String model, String subjectId, Object patch);

    /** Applies a validated patch; answers the changes as field to {@code {"old": ..., "new": ...}}. */
    Map<String, Map<String, Object>> write(String model, String subjectId, Object patch, String actor);
}
