package io.rapport.platform.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A section of a person's or company's profile that another bundle owns (tags, companies, notes, the
 * timeline, attributes), registered as a service with the property {@value #NAME}. The people and
 * companies resources look sections up dynamically for {@code ?include=}; a section whose bundle is not
 * running is reported as unavailable.
 */
@ConsumerType
public interface ProfileSection {
    /** Service property: the section's name, e.g. {@code tags}. */
    String NAME = "rapport.profile.section";
    /** Service property: the models it serves ({@code person}, {@code company}). */
    String MODELS = "rapport.profile.models";
    /** Service property: true when the section is part of every profile read, not only on request. */
    String ALWAYS = "rapport.profile.always";

    /** The section for one profile, as JSON-shaped data (maps, lists, strings, numbers, booleans). */
    Object read(String model, String subjectId);
}
