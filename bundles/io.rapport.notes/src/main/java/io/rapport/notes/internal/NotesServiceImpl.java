package io.rapport.notes.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jpa.EntityManagerFactoryBuilder;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.errors.NotFoundException;
import io.rapport.platform.errors.StaleVersionException;
import io.rapport.platform.errors.ForbiddenException;
import io.rapport.platform.errors.UnavailableException;
import io.rapport.companies.api.CompaniesService;
import io.rapport.notes.api.Note;
import io.rapport.notes.api.NotesEvents;
import io.rapport.notes.api.NotesService;
import io.rapport.people.api.PeopleService;
import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeLog;
import io.rapport.persistence.api.Database;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.persistence.api.OwnsPersistenceUnit;
import io.rapport.platform.api.Caller;
import io.rapport.platform.api.Cursor;
import io.rapport.platform.api.Ids;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.MonotonicClock;
import io.rapport.platform.api.Page;
import io.rapport.platform.errors.DomainException;

@OwnsPersistenceUnit
@Component(service = { NotesService.class, ProfileNotes.class })
public class NotesServiceImpl implements NotesService, ProfileNotes {
    static final String COMPONENT_NAME = "io.rapport.notes.internal.NotesServiceImpl";
    private static final String KIND = "note";
    private static final String SYSTEM = "system";

    private final JpaUnit jpa;
    private final ChangeLog changeLog;

    // Other domain bundles may stop and start at any time: notes keep working without them.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PeopleService people;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CompaniesService companies;

    @Activate
    public NotesServiceImpl(@Reference Database database,
            @Reference(target = "(osgi.unit.name=io.rapport.notes)") EntityManagerFactoryBuilder unit,
            @Reference ChangeLog changeLog) {
        this.jpa = database.open(unit);
        this.changeLog = changeLog;
    }

    @Deactivate
    void close() {
        jpa.close();
    }

    @Override
    public Note create(String model, String subjectId, String body, Caller author) {
        Models.check(model, "model");
        checkBody(body);
        requireSubject(model, subjectId);
        Note created = jpa.inTransaction(em -> {
            NoteEntity e = new NoteEntity();
            e.id = Ids.newId(KIND);
            e.model = model;
            e.subjectId = subjectId;
            e.body = body;
            e.authorTokenId = author == null ? null : author.tokenId;
            e.authorName = author == null ? SYSTEM : author.name;
            e.createdAt = MonotonicClock.nowMicros();
            em.persist(e);
            em.flush();
            Note n = toNote(e);
            record(em, NotesEvents.ADDED, n, author);
            return n;
        });
        changeLog.committed();
        return created;
    }

    @Override
    public Optional<Note> get(String id) {
        return Optional.ofNullable(jpa.read(em -> {
            NoteEntity e = id == null ? null : em.find(NoteEntity.class, id);
            return e == null ? null : toNote(e);
        }));
    }

    @Override
    public Page<Note> list(String model, String subjectId, String cursor, int limit) {
        Models.check(model, "model");
        Cursor after = Cursor.decode(cursor);
        // Reading our own rows needs no other bundle: check the profile only when its owner is running.
        Optional<Boolean> exists = subjectExists(model, subjectId);
        if (exists.isPresent() && !exists.get()) {
            throw new NotFoundException(model, subjectId);
        }
        return jpa.read(em -> {
            String jpql = "SELECT n FROM NoteEntity n WHERE n.model = :m AND n.subjectId = :s"
                    + (after == null ? "" : " AND (n.createdAt < :t OR (n.createdAt = :t AND n.id < :id))")
                    + " ORDER BY n.createdAt DESC, n.id DESC";
            TypedQuery<NoteEntity> q = em.createQuery(jpql, NoteEntity.class).setParameter("m", model).setParameter("s", subjectId);
            if (after != null) {
                q.setParameter("t", after.time).setParameter("id", after.id);
            }
            List<NoteEntity> rows = q.setMaxResults(limit + 1).getResultList();
            List<Note> data = new ArrayList<>();
            for (NoteEntity e : rows.subList(0, Math.min(limit, rows.size()))) {
                data.add(toNote(e));
            }
            String next = null;
            if (rows.size() > limit) {
                NoteEntity last = rows.get(limit - 1);
                next = new Cursor(last.createdAt, last.id).encode();
            }
            return new Page<>(data, next);
        });
    }

    @Override
    public long count(String model, String subjectId) {
        Models.check(model, "model");
        return jpa.read(em -> em.createQuery("SELECT COUNT(n.id) FROM NoteEntity n WHERE n.model = :m AND n.subjectId = :s", Long.class)
                .setParameter("m", model).setParameter("s", subjectId).getSingleResult());
    }

    @Override
    public Note edit(String id, String body, Long expectedVersion, Caller caller) {
        if (body != null) {
            checkBody(body);
        }
        Note edited = JpaUnit.write("note", expectedVersion, null, () -> jpa.inTransaction(em -> {
            NoteEntity e = lockForChange(em, id, expectedVersion, caller, "edit");
            if (body == null || body.equals(e.body)) {
                return toNote(e);
            }
            e.body = body;
            e.editedAt = MonotonicClock.nowMicros();
            em.flush();
            Note n = toNote(e);
            record(em, NotesEvents.EDITED, n, caller);
            return n;
        }));
        changeLog.committed();
        return edited;
    }

    @Override
    public void delete(String id, Long expectedVersion, Caller caller) {
        JpaUnit.write("note", expectedVersion, null, () -> jpa.inTransaction(em -> {
            NoteEntity e = lockForChange(em, id, expectedVersion, caller, "delete");
            Note n = toNote(e);
            em.remove(e);
            record(em, NotesEvents.DELETED, n, caller);
            return n;
        }));
        changeLog.committed();
    }

    // ---- for the other components of this bundle ----

    /** Removes the notes of a profile that was deleted; idempotent, records no change (the profile is gone). */
    @Override
    public int forget(String model, String subjectId) {
        return jpa.inTransaction(em -> em.createQuery("DELETE FROM NoteEntity n WHERE n.model = :m AND n.subjectId = :s")
                .setParameter("m", model).setParameter("s", subjectId).executeUpdate());
    }

    // ---- helpers ----

    /**
     * Reads a note for a change, locking its row: 404 when there is none, 403 unless the caller wrote it
     * (same token) or is an admin, 412 when the client's version is stale. A null caller is Rapport itself.
     */
    private static NoteEntity lockForChange(EntityManager em, String id, Long expectedVersion, Caller caller, String what) {
        NoteEntity e = id == null ? null : em.find(NoteEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) {
            throw new NotFoundException(KIND, id);
        }
        if (caller != null && !caller.isAdmin() && (e.authorTokenId == null || !e.authorTokenId.equals(caller.tokenId))) {
            throw new ForbiddenException("Only the author of note '" + id + "' (" + e.authorName + ") or an admin may " + what + " it.");
        }
        if (expectedVersion != null && expectedVersion != e.version) {
            throw new StaleVersionException(KIND, id, e.version);
        }
        return e;
    }

    static void checkBody(String body) {
        if (body == null) {
            throw new InvalidException("body", "is required: the text of the note, 1 to " + MAX_BODY + " characters");
        }
        if (body.isBlank()) {
            throw new InvalidException("body", "must not be empty");
        }
        int length = body.codePointCount(0, body.length());
        if (length > MAX_BODY) {
            throw new InvalidException("body", "must be at most " + MAX_BODY + " characters, was " + length);
        }
    }

    private void requireSubject(String model, String subjectId) {
        Optional<Boolean> exists = subjectExists(model, subjectId);
        if (exists.isEmpty()) {
            String bundle = Models.PERSON.equals(model) ? "io.rapport.people" : "io.rapport.companies";
            throw new UnavailableException("The " + bundle + " bundle, which knows "
                    + (Models.PERSON.equals(model) ? "people" : "companies") + ", is not running; retry when it is started.");
        }
        if (!exists.get()) {
            throw new NotFoundException(model, subjectId);
        }
    }

    /** Whether the profile exists, or empty when the bundle that knows is not running. */
    private Optional<Boolean> subjectExists(String model, String subjectId) {
        if (Models.PERSON.equals(model)) {
            PeopleService p = people;
            return p == null ? Optional.empty() : Optional.of(p.get(subjectId).isPresent());
        }
        CompaniesService c = companies;
        return c == null ? Optional.empty() : Optional.of(c.get(subjectId).isPresent());
    }

    static Note toNote(NoteEntity e) {
        Note n = new Note();
        n.id = e.id;
        n.model = e.model;
        n.subjectId = e.subjectId;
        n.body = e.body;
        n.author = new Note.Author(e.authorTokenId, e.authorName);
        n.createdAt = MonotonicClock.toInstant(e.createdAt);
        n.editedAt = e.editedAt == null ? null : MonotonicClock.toInstant(e.editedAt);
        return n.version(e.version);
    }

    static String excerpt(String body) {
        int count = body.codePointCount(0, body.length());
        return count <= NotesEvents.EXCERPT_LENGTH ? body : body.substring(0, body.offsetByCodePoints(0, NotesEvents.EXCERPT_LENGTH));
    }

    private void record(EntityManager em, String topic, Note n, Caller actor) {
        Map<String, Object> data = new HashMap<>();
        data.put(NotesEvents.NOTE_ID, n.id);
        data.put(NotesEvents.EXCERPT, excerpt(n.body));
        data.put(NotesEvents.AUTHOR_NAME, n.author.name);
        changeLog.record(em, Change.of(topic, n.model, n.subjectId, data, actor == null ? SYSTEM : actor.name));
    }


}
