package io.rapport.imports.api;

/** A row of an import that failed: where it is in the file, which row it was, and why. */
public class JobError {
    /** The line of the file (1 is the first; in CSV the header) where the row starts. */
    public long line;
    /** The row's external_id or first email, when it had one. */
    public String key;
    public String reason;

    public JobError() {
    }

    public JobError(long line, String key, String reason) {
        this.line = line;
        this.key = key;
        this.reason = reason;
    }
}
