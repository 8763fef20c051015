package io.rapport.search.api;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told, after the search index took in a change, which subjects' values changed, so that it can
 * re-evaluate what depends on them (segments' enter and leave events). Called on the index's update
 * thread: be quick (queries against {@link SearchService#matches} are), hand longer work elsewhere.
 */
@ConsumerType
public interface SearchListener {
    /**
     * @param model {@code person} or {@code company}
     * @param subjectIds the subjects whose indexed values changed (deleted ones included)
     * @param seq the change-log sequence number of the change taken in
     */
    void changed(String model, Set<String> subjectIds, long seq);
}
