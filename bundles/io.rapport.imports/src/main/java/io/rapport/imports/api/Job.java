package io.rapport.imports.api;

import java.time.Instant;
import java.util.List;

/** An import job as the API shows it ({@code GET /api/v1/jobs/{id}}). */
public class Job {
    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public String id;
    /** What the job does: {@code people.import}. */
    public String kind;
    /** {@link #QUEUED}, {@link #RUNNING}, {@link #COMPLETED} or {@link #FAILED}. */
    public String state;
    /** {@code ndjson} or {@code csv}. */
    public String format;
    /** The rows of the file (counted while it was uploaded). */
    public long rowsTotal;
    /** Rows imported: a person created or updated with its tags and attributes. */
    public long rowsDone;
    /** Rows reported in {@link #errors}: nothing of them was written. */
    public long rowsFailed;
    public long rowsCreated;
    public long rowsUpdated;
    /** Rows done or failed, in percent of the total (whole number); 100 once completed. */
    public int percent;
    /** Why the whole job failed (a failed row does not fail the job), or null. */
    public String error;
    /** The name of the token that started it (the actor of every change it made). */
    public String createdBy;
    public Instant createdAt;
    public Instant startedAt;
    public Instant finishedAt;
    /** The first 100 failed rows, by line. */
    public List<JobError> errors;
    public long errorsTotal;
}
