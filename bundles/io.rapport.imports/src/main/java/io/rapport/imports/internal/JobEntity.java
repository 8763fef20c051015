package io.rapport.imports.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/** An import job and its progress; the worker is its only writer once it is queued. */
@Entity
@Table(name = "IMPORTS_JOB", indexes = { @Index(name = "IMPORTS_JOB_CREATED", columnList = "CREATED_AT,ID"),
        @Index(name = "IMPORTS_JOB_STATE", columnList = "STATE") })
public class JobEntity {
    @Id
    @Column(name = "ID", length = 40)
    public String id;

    @Column(name = "KIND", length = 40, nullable = false)
    public String kind;

    @Column(name = "STATE", length = 20, nullable = false)
    public String state;

    /** {@code ndjson} or {@code csv}. */
    @Column(name = "FORMAT", length = 10, nullable = false)
    public String format;

    /** The uploaded file, in the imports folder under the data folder. */
    @Column(name = "FILE_NAME", length = 255, nullable = false)
    public String fileName;

    @Column(name = "ROWS_TOTAL", nullable = false)
    public long rowsTotal;

    @Column(name = "ROWS_DONE", nullable = false)
    public long rowsDone;

    @Column(name = "ROWS_FAILED", nullable = false)
    public long rowsFailed;

    @Column(name = "ROWS_CREATED", nullable = false)
    public long rowsCreated;

    @Column(name = "ROWS_UPDATED", nullable = false)
    public long rowsUpdated;

    /** The last line of the file whose row is done or failed: where a resumed job goes on. */
    @Column(name = "LINES_DONE", nullable = false)
    public long linesDone;

    /** Why the job failed as a whole. */
    @Column(name = "ERROR", length = 2000)
    public String error;

    @Column(name = "CREATED_BY", length = 200)
    public String createdBy;

    @Column(name = "CREATED_BY_TOKEN", length = 40)
    public String createdByToken;

    /** Epoch microseconds. */
    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    @Column(name = "STARTED_AT")
    public Long startedAt;

    @Column(name = "FINISHED_AT")
    public Long finishedAt;
}
