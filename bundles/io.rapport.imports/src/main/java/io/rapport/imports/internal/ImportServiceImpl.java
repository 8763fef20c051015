package io.rapport.imports.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.persistence.TypedQuery;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jpa.EntityManagerFactoryBuilder;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.errors.NotFoundException;
import io.rapport.platform.errors.UnavailableException;
import io.rapport.platform.errors.UnsupportedFormatException;
import io.rapport.attributes.api.AttributeDefinition;
import io.rapport.attributes.api.AttributeTypeInfo;
import io.rapport.attributes.api.AttributesService;
import io.rapport.imports.api.ImportService;
import io.rapport.imports.api.Job;
import io.rapport.imports.api.JobError;
import io.rapport.people.api.PeopleService;
import io.rapport.persistence.api.Database;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.persistence.api.OwnsPersistenceUnit;
import io.rapport.platform.api.Cursor;
import io.rapport.platform.api.Ids;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.MonotonicClock;
import io.rapport.platform.api.Page;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.RapportHome;
import io.rapport.tags.api.TagsService;

/**
 * Import jobs: uploads are stored under {@code <data>/imports}, then one worker thread imports them in
 * batches, one job at a time. Progress (counts, the failed rows, the last line done) is saved with each
 * batch, so a job interrupted by a stop or a crash resumes after its last saved batch; rows of the batch
 * that was cut off are imported again, which upserts make harmless.
 */
@OwnsPersistenceUnit
@Component(service = ImportService.class, configurationPid = ImportsConfig.PID)
@Designate(ocd = ImportsConfig.class)
public class ImportServiceImpl implements ImportService {
    private static final Logger LOG = LoggerFactory.getLogger(ImportServiceImpl.class);
    static final String KIND = "people.import";
    private static final int ERRORS_SHOWN = 100;
    /** Batches failing as a whole in a row before the job gives up (a database that is gone, not a bad row). */
    private static final int FAILED_BATCHES = 3;
    private static final long SERVICE_WAIT_MS = 60_000;

    private final JpaUnit jpa;
    private final Path folder;
    private final int batchSize;
    private final boolean keepFiles;
    private final int maxErrorRows;
    private final long turnMillis;
    /** One worker, taking turns: each job imports for a turn, then goes to the back of the queue if another waits. */
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "rapport-import");
        t.setDaemon(true);
        return t;
    });
    /** The jobs between turns, with their open files; touched by the worker thread only. */
    private final Map<String, Running> running = new HashMap<>();
    private volatile boolean stopping;

    // Other domain bundles may stop and start at any time: a job waits for people, and reports rows it cannot write.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PeopleService people;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TagsService tags;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AttributesService attributes;

    @Activate
    public ImportServiceImpl(BundleContext context, ImportsConfig config, @Reference Database database,
            @Reference(target = "(osgi.unit.name=io.rapport.imports)") EntityManagerFactoryBuilder unit) {
        this.batchSize = Math.max(1, Math.min(PeopleService.MAX_BATCH, config.batch_size()));
        this.keepFiles = config.keep_files();
        this.maxErrorRows = Math.max(0, config.max_error_rows());
        this.turnMillis = Math.max(1, config.turn_millis());
        this.folder = RapportHome.data(context).resolve("imports");
        this.jpa = database.open(unit);
        // jobs a stop or a crash interrupted, oldest first
        List<String> unfinished = jpa.read(em -> em.createQuery("SELECT j.id FROM JobEntity j WHERE j.state IN :s ORDER BY j.createdAt",
                String.class).setParameter("s", List.of(Job.QUEUED, Job.RUNNING)).getResultList());
        for (String id : unfinished) {
            LOG.info("Import {} was not finished: resuming it", id);
            worker.execute(() -> run(id));
        }
    }

    @Deactivate
    void deactivate() {
        stopping = true;
        worker.shutdown();
        try {
            // not interrupted: Derby closes its files on an interrupt. The batch running ends on its own.
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("An import batch is still running after 30 s; its job resumes at the next start");
            } else {
                running.values().forEach(Running::close);
                running.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jpa.close();
    }

    // ---- the API

    @Override
    public Job importPeople(String mediaType, InputStream body, String actor, String tokenId) {
        String format = format(mediaType);
        if (people == null) {
            throw new UnavailableException("The io.rapport.people bundle, which keeps people, is not running; retry when it is started.");
        }
        String id = Ids.newId("job");
        Path file = folder.resolve(id + "." + format);
        long rows;
        try {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new Uploads.StoreFailure(e);
            }
            rows = Uploads.save(body, file, format.equals("csv"));
            if (Files.size(file) == 0) {
                throw new InvalidException("Missing body", "The body is empty: send one person a line ("
                        + (format.equals("csv") ? "a header row first" : "a JSON object each") + ").", List.of());
            }
            if (format.equals("csv")) {
                try (CsvSource header = new CsvSource(reader(file), Map.of())) {
                    // only the header is read: unknown columns are a 400 now, not a failed job later
                }
            }
        } catch (Uploads.NotUtf8 e) {
            delete(file);
            throw new InvalidException("Invalid encoding", "The upload was refused: " + e.getMessage() + "; nothing was imported.",
                    List.of(new io.rapport.platform.api.FieldError("body", e.getMessage())));
        } catch (Uploads.StoreFailure e) {
            delete(file);
            LOG.error("Import upload could not be stored in {}", folder, e);
            throw new UnavailableException("The server could not store the upload (" + e.getMessage()
                    + "); nothing was imported. Retry later; if it persists, the operator should check the free space of the data folder.");
        } catch (IOException e) {
            delete(file);
            throw new InvalidException(InvalidException.TITLE, "The upload could not be read to its end (" + e.getMessage()
                    + "); nothing was imported. Send it again.", List.of());
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
        JobEntity created = jpa.inTransaction(em -> {
            JobEntity j = new JobEntity();
            j.id = id;
            j.kind = KIND;
            j.state = Job.QUEUED;
            j.format = format;
            j.fileName = file.getFileName().toString();
            j.rowsTotal = rows;
            j.createdBy = actor;
            j.createdByToken = tokenId;
            j.createdAt = MonotonicClock.nowMicros();
            em.persist(j);
            return j;
        });
        worker.execute(() -> run(id));
        return toJob(created, List.of());
    }

    @Override
    public Optional<Job> job(String id) {
        return Optional.ofNullable(jpa.read(em -> {
            JobEntity j = em.find(JobEntity.class, id);
            if (j == null) {
                return null;
            }
            List<JobErrorEntity> errors = j.rowsFailed == 0 ? List.of()
                    : em.createQuery("SELECT e FROM JobErrorEntity e WHERE e.jobId = :j ORDER BY e.line", JobErrorEntity.class)
                            .setParameter("j", id).setMaxResults(ERRORS_SHOWN).getResultList();
            return toJob(j, errors);
        }));
    }

    @Override
    public Page<Job> jobs(String cursor, int limit) {
        Cursor after = Cursor.decode(cursor);
        return jpa.read(em -> {
            TypedQuery<JobEntity> q = after == null
                    ? em.createQuery("SELECT j FROM JobEntity j ORDER BY j.createdAt DESC, j.id DESC", JobEntity.class)
                    : em.createQuery("SELECT j FROM JobEntity j WHERE j.createdAt < :t OR (j.createdAt = :t AND j.id < :id) "
                            + "ORDER BY j.createdAt DESC, j.id DESC", JobEntity.class).setParameter("t", after.time).setParameter("id", after.id);
            List<JobEntity> rows = q.setMaxResults(limit + 1).getResultList();
            List<Job> data = new ArrayList<>();
            for (JobEntity j : rows.subList(0, Math.min(limit, rows.size()))) {
                Job job = toJob(j, List.of());
                job.errors = null; // listed with GET /jobs/{id}/errors
                data.add(job);
            }
            String next = rows.size() > limit ? new Cursor(rows.get(limit - 1).createdAt, rows.get(limit - 1).id).encode() : null;
            return new Page<>(data, next);
        });
    }

    @Override
    public Page<JobError> errors(String jobId, String cursor, int limit) {
        return jpa.read(em -> {
            // an unknown job is a 404 whatever the cursor: there is nothing to page
            if (em.find(JobEntity.class, jobId) == null) {
                throw new NotFoundException("job", jobId);
            }
            Cursor after = Cursor.decode(cursor);
            if (after != null && !after.id.equals(jobId)) {
                throw new InvalidException("cursor", "is a cursor of another job's errors; pass next_cursor from the previous page unchanged");
            }
            List<JobErrorEntity> rows = em.createQuery("SELECT e FROM JobErrorEntity e WHERE e.jobId = :j AND e.line > :after ORDER BY e.line",
                    JobErrorEntity.class).setParameter("j", jobId).setParameter("after", after == null ? 0L : after.time)
                    .setMaxResults(limit + 1).getResultList();
            List<JobError> data = new ArrayList<>();
            for (JobErrorEntity e : rows.subList(0, Math.min(limit, rows.size()))) {
                data.add(new JobError(e.line, e.rowKey, e.reason));
            }
            String next = rows.size() > limit ? new Cursor(rows.get(limit - 1).line, jobId).encode() : null;
            return new Page<>(data, next);
        });
    }

    /** {@code ndjson} or {@code csv}; 415 for any other media type or a charset other than UTF-8. */
    static String format(String mediaType) {
        String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT).trim();
        String charset = null;
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            for (String parameter : type.substring(semicolon + 1).split(";")) {
                String[] kv = parameter.trim().split("=", 2);
                if (kv.length == 2 && kv[0].trim().equals("charset")) {
                    charset = kv[1].trim().replace("\"", "");
                }
            }
            type = type.substring(0, semicolon).trim();
        }
        String format = type.equals(NDJSON) || type.equals("application/ndjson") ? "ndjson" : type.equals(CSV) ? "csv" : null;
        if (format == null) {
            throw new UnsupportedFormatException("Send the people to import as " + NDJSON
                    + " (one JSON object a line) or " + CSV + " (a header row, then one person a row); the Content-Type was "
                    + (mediaType == null || mediaType.isBlank() ? "missing" : mediaType) + ".");
        }
        if (charset != null && !charset.equals("utf-8") && !charset.equals("utf8")) {
            throw new UnsupportedFormatException("Import files must be UTF-8; the charset was " + charset + ".");
        }
        return format;
    }

    // ---- the worker

    /** A turn of job {@code id}: it imports batches until it is done, or its turn is over and another job waits. */
    private void run(String id) {
        if (stopping) {
            return;
        }
        Running r = running.get(id);
        boolean finished = false;
        try {
            if (r == null) {
                r = begin(id);
                if (r == null) {
                    return;
                }
                running.put(id, r);
            }
            long turnEnds = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(turnMillis);
            while (true) {
                if (stopping) {
                    return; // the job resumes at the next start
                }
                if (!r.step()) {
                    finished = true;
                    LOG.info("Import {}: done in {} s", id, (System.nanoTime() - r.started) / 1_000_000_000.0);
                    return;
                }
                if (System.nanoTime() > turnEnds && !worker.getQueue().isEmpty()) {
                    Running paused = r;
                    worker.execute(() -> run(paused.job.id)); // to the back of the queue, its file kept open
                    return;
                }
            }
        } catch (IOException e) {
            LOG.warn("Import {} failed reading its file", id, e);
            finish(id, Job.FAILED, "The file could not be read: " + e.getMessage());
            finished = true;
        } catch (RuntimeException e) {
            LOG.error("Import {} failed", id, e);
            finish(id, Job.FAILED, "The import stopped: " + BatchRunner.message(e));
            finished = true;
        } finally {
            if (finished) {
                running.remove(id);
                if (r != null) {
                    r.close();
                    if (!keepFiles) {
                        delete(folder.resolve(r.job.fileName));
                    }
                }
            }
        }
    }

    /** Marks job {@code id} running and opens its file after the last line done; null when there is nothing to do. */
    private Running begin(String id) throws IOException {
        JobEntity job = jpa.inTransaction(em -> {
            JobEntity j = em.find(JobEntity.class, id);
            if (j == null || Job.COMPLETED.equals(j.state) || Job.FAILED.equals(j.state)) {
                return null;
            }
            j.state = Job.RUNNING;
            if (j.startedAt == null) {
                j.startedAt = MonotonicClock.nowMicros();
            }
            // errors of the batch a stop cut off are found again
            em.createQuery("DELETE FROM JobErrorEntity e WHERE e.jobId = :j AND e.line > :l").setParameter("j", id)
                    .setParameter("l", j.linesDone).executeUpdate();
            return j;
        });
        if (job == null) {
            return null;
        }
        Path file = folder.resolve(job.fileName);
        if (!Files.exists(file)) {
            finish(id, Job.FAILED, "The uploaded file " + file + " is gone; import it again.");
            return null;
        }
        Map<String, String> storage = new HashMap<>();
        RowSource rows = open(job.format, file, storage);
        try {
            if (rows instanceof CsvSource) {
                storage.putAll(storageOf(((CsvSource) rows).attributeKeys()));
            }
            ImportRow row = rows.next();
            while (row != null && row.line <= job.linesDone) { // done before an interruption
                row = rows.next();
            }
            return new Running(job, rows, row);
        } catch (IOException | RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    /** A job between its turns: its open file and the next row to import. */
    private final class Running {
        final JobEntity job;
        final RowSource rows;
        final long started = System.nanoTime();
        ImportRow row;
        int failedBatches;
        /** Failed rows kept so far (at most {@link #maxErrorRows}); the job's rowsFailed counts them all. */
        long errorsKept;

        Running(JobEntity job, RowSource rows, ImportRow row) {
            this.job = job;
            this.rows = rows;
            this.row = row;
            this.errorsKept = Math.min(job.rowsFailed, maxErrorRows);
        }

        /** Imports the next batch; false when the job is finished (completed or failed, and recorded so). */
        boolean step() throws IOException {
            if (row == null) {
                finish(job.id, Job.COMPLETED, null);
                return false;
            }
            List<ImportRow> batch = new ArrayList<>(batchSize);
            while (row != null && batch.size() < batchSize) {
                batch.add(row);
                row = rows.next();
            }
            PeopleService p = awaitPeople();
            if (p == null) {
                if (stopping) {
                    return true; // resumes at the next start
                }
                finish(job.id, Job.FAILED, "The io.rapport.people bundle, which keeps people, is not running; import the rest "
                        + "again (rows after line " + (batch.get(0).line - 1) + ") when it is started.");
                return false;
            }
            BatchRunner.Outcome outcome;
            String failure = null;
            try {
                outcome = new BatchRunner(p, tags, attributes, job.createdBy, batch.size()).run(job.id, batch);
                failedBatches = 0;
            } catch (RuntimeException e) {
                // nothing of the batch was written (the people batch is one transaction): report its rows
                LOG.warn("Import {}: the batch from line {} failed", job.id, batch.get(0).line, e);
                failure = BatchRunner.message(e);
                outcome = new BatchRunner.Outcome();
                for (ImportRow r : batch) {
                    outcome.errors.add(new JobErrorEntity(job.id, r.line, r.key, "the batch could not be written: " + failure));
                }
                failedBatches++;
            }
            long lastLine = batch.get(batch.size() - 1).line;
            int keep = (int) Math.max(0, Math.min(outcome.errors.size(), maxErrorRows - errorsKept));
            save(job.id, outcome, keep, lastLine);
            errorsKept += keep;
            if (failedBatches == FAILED_BATCHES) {
                finish(job.id, Job.FAILED, FAILED_BATCHES + " batches in a row could not be written, the last one because: "
                        + failure + ". The rows up to line " + lastLine + " are done or reported.");
                return false;
            }
            return true;
        }

        void close() {
            try {
                rows.close();
            } catch (IOException e) {
                LOG.debug("Closing the file of import {}: {}", job.id, e.toString());
            }
        }
    }

    private RowSource open(String format, Path file, Map<String, String> storage) throws IOException {
        Reader reader = reader(file);
        try {
            return format.equals("csv") ? new CsvSource(reader, storage) : new NdjsonSource(reader);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private static Reader reader(Path file) throws IOException {
        return new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    /** The storage kind of each attribute a CSV header names, to turn its text cells into JSON values. */
    private Map<String, String> storageOf(java.util.Set<String> keys) {
        Map<String, String> result = new HashMap<>();
        AttributesService a = attributes;
        if (a == null || keys.isEmpty()) {
            return result;
        }
        Map<String, String> byType = new HashMap<>();
        for (AttributeTypeInfo t : a.types()) {
            byType.put(t.name, t.storage);
        }
        for (String key : keys) {
            Optional<AttributeDefinition> d = a.definition(Models.PERSON, key);
            if (d.isPresent() && byType.containsKey(d.get().type)) {
                result.put(key, byType.get(d.get().type));
            }
        }
        return result;
    }

    /** The people service, waiting a while for it to come back; null when it does not (or the worker stops). */
    private PeopleService awaitPeople() {
        long deadline = System.currentTimeMillis() + SERVICE_WAIT_MS;
        PeopleService p;
        while ((p = people) == null && !stopping && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return p;
    }

    /**
     * Saves a batch's outcome and the line the job is done to, together: a resumed job neither skips nor
     * repeats a row. Of the batch's failed rows, the first {@code keep} are stored; all are counted.
     */
    private void save(String id, BatchRunner.Outcome outcome, int keep, long lastLine) {
        jpa.inTransaction(em -> {
            JobEntity j = em.find(JobEntity.class, id);
            j.rowsDone += outcome.done;
            j.rowsCreated += outcome.created;
            j.rowsUpdated += outcome.updated;
            j.rowsFailed += outcome.errors.size();
            j.linesDone = lastLine;
            outcome.errors.subList(0, keep).forEach(em::persist);
            return null;
        });
    }

    private void finish(String id, String state, String error) {
        jpa.inTransaction(em -> {
            JobEntity j = em.find(JobEntity.class, id);
            j.state = state;
            j.error = error == null || error.length() <= 2000 ? error : error.substring(0, 1997) + "...";
            j.finishedAt = MonotonicClock.nowMicros();
            return null;
        });
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete the import file {}", file, e);
        }
    }

    static Job toJob(JobEntity j, List<JobErrorEntity> errors) {
        Job job = new Job();
        job.id = j.id;
        job.kind = j.kind;
        job.state = j.state;
        job.format = j.format;
        job.rowsTotal = j.rowsTotal;
        job.rowsDone = j.rowsDone;
        job.rowsFailed = j.rowsFailed;
        job.rowsCreated = j.rowsCreated;
        job.rowsUpdated = j.rowsUpdated;
        long processed = j.rowsDone + j.rowsFailed;
        job.percent = Job.COMPLETED.equals(j.state) ? 100
                : j.rowsTotal == 0 ? 0 : (int) Math.min(100, processed * 100 / j.rowsTotal);
        job.error = j.error;
        job.createdBy = j.createdBy;
        job.createdAt = MonotonicClock.toInstant(j.createdAt);
        job.startedAt = j.startedAt == null ? null : MonotonicClock.toInstant(j.startedAt);
        job.finishedAt = j.finishedAt == null ? null : MonotonicClock.toInstant(j.finishedAt);
        job.errors = new ArrayList<>();
        for (JobErrorEntity e : errors) {
            job.errors.add(new JobError(e.line, e.rowKey, e.reason));
        }
        job.errorsTotal = j.rowsFailed;
        return job;
    }
}
