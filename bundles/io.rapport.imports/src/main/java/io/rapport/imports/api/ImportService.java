package io.rapport.imports.api;

import java.io.InputStream;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.Page;

/**
 * Imports people from files, as background jobs, one job at a time in the order they were started. A job
 * interrupted by a restart resumes where its last batch ended. Failures are the kinds of
 * {@code io.rapport.platform.errors}.
 */
@ProviderType
public interface ImportService {
    String NDJSON = "application/x-ndjson";
    String CSV = "text/csv";

    /**
     * Stores {@code body} (NDJSON, one person a line, or CSV with a header row) under the runtime's data
     * folder and queues a job importing it: 400 for an empty body or a CSV header naming unknown columns,
     * 415 for another media type, 503 when the people bundle is not running.
     *
     * @param mediaType {@link #NDJSON} (or {@code application/ndjson}) or {@link #CSV}
     * @param actor who imports, recorded on every change the job makes
     */
    Job importPeople(String mediaType, InputStream body, String actor, String tokenId);

    Optional<Job> job(String id);

    /** Newest first. */
    Page<Job> jobs(String cursor, int limit);

    /** The failed rows of a job, by line; 404 for an unknown job. */
    Page<JobError> errors(String jobId, String cursor, int limit);
}
