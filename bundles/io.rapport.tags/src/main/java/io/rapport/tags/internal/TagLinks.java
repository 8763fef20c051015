package io.rapport.tags.internal;

import java.util.List;
import java.util.Map;

/**
 * What the tags bundle's own components need of the tags service beyond its API: registered by
 * {@link TagsServiceImpl} under this bundle-private interface, so they take it as a service, not by a cast.
 */
interface TagLinks {
    /** Whether a tag with this id exists. */
    boolean exists(String tagId);

    /** The tags of a profile as its {@code tags} section shows them. */
    List<Map<String, Object>> section(String model, String subjectId);

    /** Removes every tag link of a deleted profile and answers how many; none when there are none. */
    int forget(String model, String subjectId);
}
