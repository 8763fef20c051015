package io.rapport.imports.internal;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/** A failed row of a job; the key serves listing a job's errors by line. */
@Entity
@IdClass(JobErrorEntity.Key.class)
@Table(name = "IMPORTS_JOB_ERROR")
public class JobErrorEntity {
    @Id
    @Column(name = "JOB_ID", length = 40)
    public String jobId;

    @Id
    @Column(name = "LINE")
    public long line;

    /** The row's external id or first email. */
    @Column(name = "ROW_KEY", length = 255)
    public String rowKey;

    @Column(name = "REASON", length = 2000, nullable = false)
    public String reason;

    public JobErrorEntity() {
    }

    JobErrorEntity(String jobId, long line, String rowKey, String reason) {
        this.jobId = jobId;
        this.line = line;
        this.rowKey = rowKey == null || rowKey.length() <= 255 ? rowKey : rowKey.substring(0, 255);
        this.reason = reason.length() <= 2000 ? reason : reason.substring(0, 1997) + "...";
    }

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String jobId;
        public long line;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).line == line && Objects.equals(((Key) o).jobId, jobId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, line);
        }
    }
}
