package io.rapport.imports.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.errors.UnavailableException;
import io.rapport.attributes.api.AttributesService;
import io.rapport.people.api.PeopleService;
import io.rapport.people.api.PeopleService.BatchUpsert;
import io.rapport.people.api.Person;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.api.Models;
import io.rapport.platform.errors.DomainException;
import io.rapport.tags.api.TagsService;

/**
 * Imports one batch of rows: checks every part of every row first (tag names, attribute values, then
 * the person's fields as the people batch writes them), so that a bad row writes nothing; then links the
 * tags and sets the attributes of the people written. A row whose later part fails anyway (a tag deleted
 * at that moment, a definition changed) is undone: its person deleted when the row created it, else put
 * back as it was, and its new tag links removed.
 */
final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    private final PeopleService people;
    private final TagsService tags;
    private final AttributesService attributes;
    private final String actor;

    /** What became of each row: null while it is fine, else why it failed. */
    private final String[] failed;
    private final BatchUpsert[] written;

    /** The rows' outcome. */
    static final class Outcome {
        long done;
        long created;
        long updated;
        final List<JobErrorEntity> errors = new ArrayList<>();
    }

    BatchRunner(PeopleService people, TagsService tags, AttributesService attributes, String actor, int rows) {
        this.people = people;
        this.tags = tags;
        this.attributes = attributes;
        this.actor = actor;
        this.failed = new String[rows];
        this.written = new BatchUpsert[rows];
    }

    Outcome run(String jobId, List<ImportRow> rows) {
        for (int i = 0; i < rows.size(); i++) {
            failed[i] = rows.get(i).problem;
        }
        checkTags(rows);
        checkAttributes(rows);
        writePeople(rows);
        Map<String, List<String>> addedLinks = new HashMap<>();
        Set<String> undo = new LinkedHashSet<>();
        Map<String, String> undoReason = new HashMap<>();
        try {
            linkTags(rows, addedLinks, undo, undoReason);
            setAttributes(rows, undo, undoReason);
        } catch (RuntimeException e) {
            // a whole later step failed: nothing of this batch may stay half-written
            LOG.warn("Import {}: a batch failed after its people were written; undoing them", jobId, e);
            for (int i = 0; i < rows.size(); i++) {
                if (written[i] != null) {
                    undo.add(written[i].person.id);
                    undoReason.putIfAbsent(written[i].person.id, "the batch could not be written: " + message(e));
                }
            }
        }
        for (String subject : undo) {
            undo(subject, rows, addedLinks.getOrDefault(subject, List.of()), undoReason.get(subject));
        }
        Outcome outcome = new Outcome();
        for (int i = 0; i < rows.size(); i++) {
            ImportRow row = rows.get(i);
            if (failed[i] != null) {
                outcome.errors.add(new JobErrorEntity(jobId, row.line, row.key, failed[i]));
            } else {
                outcome.done++;
                if (written[i].created) {
                    outcome.created++;
                } else {
                    outcome.updated++;
                }
            }
        }
        return outcome;
    }

    /** Rows with tag names that are no valid names fail; so do all rows with tags while the tags bundle is not running. */
    private void checkTags(List<ImportRow> rows) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            if (failed[i] == null) {
                names.addAll(rows.get(i).tags);
            }
        }
        if (names.isEmpty()) {
            return;
        }
        if (tags == null) {
            failAll(rows, r -> !r.tags.isEmpty(), "tags: the io.rapport.tags bundle, which keeps tags, is not running");
            return;
        }
        Map<String, String> invalid = tags.byNames(names, false, actor).invalid;
        if (invalid.isEmpty()) {
            return;
        }
        for (int i = 0; i < rows.size(); i++) {
            if (failed[i] == null) {
                List<String> bad = rows.get(i).tags.stream().filter(invalid::containsKey)
                        .map(n -> "'" + n + "' " + invalid.get(n)).collect(Collectors.toList());
                if (!bad.isEmpty()) {
                    failed[i] = "tags: " + String.join("; ", bad);
                }
            }
        }
    }

    /** Rows whose attribute values do not fit (unknown key, wrong type, archived...) fail. */
    private void checkAttributes(List<ImportRow> rows) {
        List<Integer> index = new ArrayList<>();
        List<Map<String, Object>> values = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (failed[i] == null && !rows.get(i).attributes.isEmpty()) {
                index.add(i);
                values.add(rows.get(i).attributes);
            }
        }
        if (values.isEmpty()) {
            return;
        }
        if (attributes == null) {
            failAll(rows, r -> !r.attributes.isEmpty(), "attributes: the io.rapport.attributes bundle, which keeps custom attributes, is not running");
            return;
        }
        List<DomainException> problems = attributes.checkValuesBatch(Models.PERSON, values);
        for (int j = 0; j < index.size(); j++) {
            if (problems.get(j) != null) {
                failed[index.get(j)] = reason(problems.get(j));
            }
        }
    }

    private void writePeople(List<ImportRow> rows) {
        List<Integer> index = new ArrayList<>();
        List<Map<String, Object>> objects = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (failed[i] == null) {
                index.add(i);
                objects.add(rows.get(i).person);
            }
        }
        if (objects.isEmpty()) {
            return;
        }
        List<BatchUpsert> outcomes = people.upsertBatch(objects, actor);
        for (int j = 0; j < index.size(); j++) {
            BatchUpsert o = outcomes.get(j);
            if (o.problem != null) {
                failed[index.get(j)] = reason(o.problem);
            } else {
                written[index.get(j)] = o;
            }
        }
    }

    private void linkTags(List<ImportRow> rows, Map<String, List<String>> addedLinks, Set<String> undo, Map<String, String> undoReason) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            if (written[i] != null) {
                names.addAll(rows.get(i).tags);
            }
        }
        if (names.isEmpty()) {
            return;
        }
        TagsService t = tags;
        if (t == null) {
            throw new UnavailableException("the io.rapport.tags bundle stopped");
        }
        // created only now, for rows whose person was written: a bad row leaves no new tag behind
        Map<String, String> ids = t.byNames(names, true, actor).ids;
        Map<String, List<String>> bySubject = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            if (written[i] == null || rows.get(i).tags.isEmpty()) {
                continue;
            }
            String subject = written[i].person.id;
            List<String> missing = rows.get(i).tags.stream().filter(n -> !ids.containsKey(n)).collect(Collectors.toList());
            if (!missing.isEmpty()) {
                undo.add(subject);
                undoReason.putIfAbsent(subject, "tags: " + missing.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "))
                        + " could not be created");
                continue;
            }
            List<String> tagIds = bySubject.computeIfAbsent(subject, k -> new ArrayList<>());
            rows.get(i).tags.forEach(n -> tagIds.add(ids.get(n)));
        }
        bySubject.keySet().removeAll(undo);
        TagsService.LinkBatch linked = t.addBatch(Models.PERSON, bySubject, actor);
        addedLinks.putAll(linked.added);
        linked.failed.forEach((subject, why) -> {
            undo.add(subject);
            undoReason.putIfAbsent(subject, "tags: " + why);
        });
    }

    private void setAttributes(List<ImportRow> rows, Set<String> undo, Map<String, String> undoReason) {
        Map<String, Map<String, Object>> bySubject = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            if (written[i] != null && !rows.get(i).attributes.isEmpty() && !undo.contains(written[i].person.id)) {
                bySubject.computeIfAbsent(written[i].person.id, k -> new LinkedHashMap<>()).putAll(rows.get(i).attributes);
            }
        }
        if (bySubject.isEmpty()) {
            return;
        }
        AttributesService a = attributes;
        if (a == null) {
            throw new UnavailableException("the io.rapport.attributes bundle stopped");
        }
        AttributesService.ValuesBatch set = a.setValuesBatch(Models.PERSON, bySubject, actor);
        set.failed.forEach((subject, problem) -> {
            undo.add(subject);
            undoReason.putIfAbsent(subject, reason(problem));
        });
    }

    /**
     * Takes back what the batch wrote for one person: its new tag links, and the person itself (deleted
     * when a row of the batch created it, else its fields put back as before the first row). Every row
     * of the batch that wrote it fails with {@code reason}.
     */
    private void undo(String subject, List<ImportRow> rows, List<String> links, String reason) {
        boolean created = false;
        Person before = null;
        for (int i = 0; i < rows.size(); i++) {
            if (written[i] != null && written[i].person.id.equals(subject)) {
                created |= written[i].created;
                if (before == null && written[i].previous != null) {
                    before = written[i].previous;
                }
                failed[i] = reason;
                written[i] = null;
            }
        }
        try {
            TagsService t = tags;
            for (String tagId : links) {
                if (t != null) {
                    t.remove(tagId, Models.PERSON, subject, actor);
                }
            }
            if (created) {
                people.delete(subject, null, actor);
            } else if (before != null) {
                people.patch(subject, writable(before), null, actor);
            }
        } catch (RuntimeException e) {
            LOG.error("Import: undoing the failed row of person {} failed; it may be left half-written", subject, e);
        }
    }

    private static Map<String, Object> writable(Person p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name);
        m.put("emails", p.emails);
        m.put("phones", p.phones);
        m.put("avatar_url", p.avatarUrl);
        m.put("external_id", p.externalId);
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("city", p.location.city);
        location.put("region", p.location.region);
        location.put("country", p.location.country);
        m.put("location", location);
        return m;
    }

    private void failAll(List<ImportRow> rows, java.util.function.Predicate<ImportRow> which, String reason) {
        for (int i = 0; i < rows.size(); i++) {
            if (failed[i] == null && which.test(rows.get(i))) {
                failed[i] = reason;
            }
        }
    }

    /** A problem as one line: each field with its message, or the detail. */
    static String reason(DomainException p) {
        if (p.errors.isEmpty()) {
            return p.detail;
        }
        List<String> parts = new ArrayList<>();
        for (FieldError e : p.errors) {
            parts.add(e.field + ": " + e.message);
        }
        return String.join("; ", parts);
    }

    static String message(Throwable e) {
        if (e instanceof DomainException) {
            return reason((DomainException) e);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
