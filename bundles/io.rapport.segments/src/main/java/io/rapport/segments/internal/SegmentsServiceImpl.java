package io.rapport.segments.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

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
import io.rapport.platform.errors.ConflictException;
import io.rapport.platform.errors.StaleVersionException;
import io.rapport.platform.errors.UnavailableException;
import io.rapport.companies.api.CompaniesService;
import io.rapport.companies.api.Company;
import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeLog;
import io.rapport.persistence.api.Database;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.persistence.api.OwnsPersistenceUnit;
import io.rapport.platform.api.ChangeEvents;
import io.rapport.platform.api.Cursor;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.api.Ids;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.MonotonicClock;
import io.rapport.platform.api.Page;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.SubjectFilter;
import io.rapport.search.api.SearchListener;
import io.rapport.search.api.SearchService;
import io.rapport.segments.api.MembersPage;
import io.rapport.segments.api.Segment;
import io.rapport.segments.api.SegmentData;
import io.rapport.segments.api.SegmentsEvents;
import io.rapport.segments.api.SegmentsService;

/**
 * Segments in their table, and, as the search's {@link SearchListener}, their members in memory (see
 * {@link Memberships}) with the enter and leave events recorded in the change log.
 */
@OwnsPersistenceUnit
@Component(service = { SegmentsService.class, SearchListener.class }, immediate = true)
public class SegmentsServiceImpl implements SegmentsService, SearchListener {
    private static final String KIND = "segment";
    /** How long a create or a query change waits for the segment's members to be read. */
    private static final long FILL_WAIT_MILLIS = 30_000;
    /** Enter and leave events recorded per transaction. */
    private static final int RECORD_BATCH = 500;
    /** Ids per lookup of people or companies ({@code ID IN (...)}). */
    private static final int LOOKUP_BATCH = 200;

    private final JpaUnit jpa;
    private final ChangeLog changeLog;
    private final Memberships memberships;

    private volatile SearchService search;

    // Other domain bundles may stop and start at any time: segments keep their definitions meanwhile.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PeopleService people;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CompaniesService companies;

    @Activate
    public SegmentsServiceImpl(@Reference Database database,
            @Reference(target = "(osgi.unit.name=io.rapport.segments)") EntityManagerFactoryBuilder unit,
            @Reference ChangeLog changeLog) {
        this.jpa = database.open(unit);
        this.changeLog = changeLog;
        this.memberships = new Memberships(this::record);
        // members are read (without events: a start is no change) as soon as the search is there
        for (SegmentEntity e : jpa.read(em -> em.createQuery("SELECT s FROM SegmentEntity s", SegmentEntity.class).getResultList())) {
            memberships.load(e.id, e.model, e.name, SegmentJson.readQuery(e.queryJson));
        }
    }

    @Deactivate
    void close() {
        memberships.close();
        jpa.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindSearch")
    void bindSearch(SearchService s) {
        search = s;
        memberships.searchAvailable(s);
    }

    void unbindSearch(SearchService s) {
        if (search == s) {
            search = null;
        }
        memberships.searchGone(s);
    }

    // ---- SearchListener ----

    @Override
    public void changed(String model, Set<String> subjectIds, long seq) {
        memberships.changed(model, subjectIds, seq);
    }

    // ---- segments ----

    @Override
    public Segment create(SegmentData data, String actor) {
        JsonObjectReader in = new JsonObjectReader(Map.of());
        String name = SegmentJson.checkName(in, data.name);
        if (data.model == null || !(Models.PERSON.equals(data.model) || Models.COMPANY.equals(data.model))) {
            in.error("model", "must be 'person' or 'company', was " + (data.model == null ? "null" : "'" + data.model + "'"));
        }
        SegmentJson.checkQuery(in, data.query);
        in.throwIfInvalid();
        String queryJson = SegmentJson.write(data.query);
        Object query = SegmentJson.readQuery(queryJson);
        compile(data.model, query);
        Segment created = write(null, () -> jpa.inTransaction(em -> {
            checkNameFree(em, data.model, name, null);
            SegmentEntity e = new SegmentEntity();
            e.id = Ids.newId("seg");
            e.name = name;
            e.nameKey = SegmentJson.nameKey(name);
            e.model = data.model;
            e.queryJson = queryJson;
            e.createdAt = e.updatedAt = MonotonicClock.nowMicros();
            em.persist(e);
            em.flush();
            Segment s = toSegment(e);
            record(em, SegmentsEvents.CREATED, s, null, actor);
            return s;
        }));
        changeLog.committed();
        memberships.track(created.id, created.model, created.name, created.query, FILL_WAIT_MILLIS);
        return withCount(created);
    }

    @Override
    public List<Segment> segmentsOf(String model, String subjectId) {
        Models.check(model, "model");
        List<String> ids = memberships.segmentsOf(model, subjectId);
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Segment> result = new ArrayList<>();
        for (SegmentEntity e : jpa.read(em -> em.createQuery("SELECT s FROM SegmentEntity s WHERE s.id IN :ids", SegmentEntity.class)
                .setParameter("ids", ids).getResultList())) {
            result.add(withCount(toSegment(e)));
        }
        result.sort(java.util.Comparator.comparing((Segment x) -> x.name.toLowerCase(java.util.Locale.ROOT)));
        return result;
    }

    @Override
    public Optional<Segment> get(String id) {
        SegmentEntity e = jpa.read(em -> em.find(SegmentEntity.class, id));
        return e == null ? Optional.empty() : Optional.of(withCount(toSegment(e)));
    }

    @Override
    public Segment patch(String id, Map<String, Object> mergePatch, Long expectedVersion, String actor) {
        JsonObjectReader in = new JsonObjectReader(mergePatch);
        SegmentJson.checkKeys(in, mergePatch, SegmentJson.PATCH_FIELDS);
        String newName = mergePatch.containsKey("name") ? SegmentJson.checkName(in, mergePatch.get("name")) : null;
        Object newQuery = null;
        String newQueryJson = null;
        if (mergePatch.containsKey("query")) {
            // replaced whole: merging one query into another would make a different query
            SegmentJson.checkQuery(in, mergePatch.get("query"));
            if (in.valid()) {
                newQueryJson = SegmentJson.write(mergePatch.get("query"));
                newQuery = SegmentJson.readQuery(newQueryJson);
            }
        }
        in.throwIfInvalid();
        String name = newName;
        String queryJson = newQueryJson;
        Object query = newQuery;
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        Segment updated = write(expectedVersion, () -> jpa.inTransaction(em -> {
            changes.clear(); // from an attempt that lost a race
            SegmentEntity e = lock(em, id, expectedVersion);
            Segment before = toSegment(e);
            if (name != null && !name.equals(e.name)) {
                diff(changes, "name", e.name, name);
            }
            if (queryJson != null && !queryJson.equals(e.queryJson)) {
                compile(e.model, query);
                diff(changes, "query", before.query, query);
            }
            if (changes.isEmpty()) {
                return before;
            }
            if (changes.containsKey("name")) {
                checkNameFree(em, e.model, name, id);
                e.name = name;
                e.nameKey = SegmentJson.nameKey(name);
            }
            if (changes.containsKey("query")) {
                e.queryJson = queryJson;
            }
            e.updatedAt = MonotonicClock.nowMicros();
            em.flush();
            Segment after = toSegment(e);
            record(em, SegmentsEvents.UPDATED, after, changes, actor);
            return after;
        }));
        changeLog.committed();
        if (changes.containsKey("query")) {
            memberships.track(updated.id, updated.model, updated.name, updated.query, FILL_WAIT_MILLIS);
        } else if (changes.containsKey("name")) {
            memberships.rename(updated.id, updated.name);
        }
        return withCount(updated);
    }

    @Override
    public void delete(String id, Long expectedVersion, String actor) {
        write(expectedVersion, () -> jpa.inTransaction(em -> {
            SegmentEntity e = lock(em, id, expectedVersion);
            Segment s = toSegment(e);
            em.remove(e);
            record(em, SegmentsEvents.DELETED, s, null, actor);
            return s;
        }));
        changeLog.committed();
        memberships.forget(id);
    }

    @Override
    public Page<Segment> list(String model, String cursor, int limit) {
        if (model != null) {
            Models.check(model, "model");
        }
        Cursor after = Cursor.decode(cursor);
        List<SegmentEntity> rows = jpa.read(em -> {
            StringBuilder jpql = new StringBuilder("SELECT s FROM SegmentEntity s WHERE 1 = 1");
            if (model != null) {
                jpql.append(" AND s.model = :model");
            }
            if (after != null) {
                jpql.append(" AND (s.createdAt < :t OR (s.createdAt = :t AND s.id < :id))");
            }
            jpql.append(" ORDER BY s.createdAt DESC, s.id DESC");
            TypedQuery<SegmentEntity> q = em.createQuery(jpql.toString(), SegmentEntity.class);
            if (model != null) {
                q.setParameter("model", model);
            }
            if (after != null) {
                q.setParameter("t", after.time).setParameter("id", after.id);
            }
            return q.setMaxResults(limit + 1).getResultList();
        });
        List<Segment> page = new ArrayList<>();
        for (SegmentEntity e : rows.subList(0, Math.min(limit, rows.size()))) {
            page.add(withCount(toSegment(e)));
        }
        String next = null;
        if (rows.size() > limit) {
            SegmentEntity last = rows.get(limit - 1);
            next = new Cursor(last.createdAt, last.id).encode();
        }
        return new Page<>(page, next);
    }

    @Override
    public MembersPage members(String id, String cursor, int limit) {
        Segment segment = get(id).orElseThrow(() -> new NotFoundException(KIND, id));
        SearchService s = search;
        if (s == null) {
            throw unavailable(Memberships.searchNotRunning());
        }
        Map<String, Object> body = new HashMap<>();
        body.put("query", segment.query);
        body.put("limit", limit);
        if (cursor != null && !cursor.isEmpty()) {
            body.put("cursor", cursor);
        }
        SearchService.SearchPage page;
        try {
            page = s.search(segment.model, body);
        } catch (DomainException e) {
            if (isAboutQuery(e)) {
                throw new UnavailableException("The query of segment '" + segment.name
                        + "' cannot run now: " + e.detail, SegmentJson.queryProblem(e).errors);
            }
            throw e; // cursor, limit: the client's
        }
        List<Object> items = new ArrayList<>();
        if (Models.PERSON.equals(segment.model)) {
            Map<String, Person> byId = lookUp(people(), page.ids, (p, c) -> p.list(null, null, List.of(c), null, page.ids.size()).data, p -> p.id);
            page.ids.stream().map(byId::get).filter(Objects::nonNull).forEach(items::add);
        } else {
            Map<String, Company> byId = lookUp(companies(), page.ids,
                    (c, cond) -> c.list(null, null, List.of(cond), null, page.ids.size()).data, c -> c.id);
            page.ids.stream().map(byId::get).filter(Objects::nonNull).forEach(items::add);
        }
        return new MembersPage(items, page.nextCursor, page.total);
    }

    // ---- enter and leave events ----

    /** Records transitions in the change log, in batches; a profile that was deleted leaves silently. */
    private void record(List<Memberships.Transition> transitions) {
        Map<String, Set<String>> leaving = new HashMap<>();
        for (Memberships.Transition t : transitions) {
            if (!t.entered()) {
                leaving.computeIfAbsent(t.model, m -> new HashSet<>()).add(t.subjectId);
            }
        }
        Set<String> gone = new HashSet<>();
        leaving.forEach((model, ids) -> gone.addAll(deleted(model, ids)));
        List<Memberships.Transition> kept = transitions.stream()
                .filter(t -> t.entered() || !gone.contains(t.subjectId)).collect(Collectors.toList());
        for (int from = 0; from < kept.size(); from += RECORD_BATCH) {
            List<Memberships.Transition> batch = kept.subList(from, Math.min(kept.size(), from + RECORD_BATCH));
            List<Change> changes = new ArrayList<>(batch.size());
            for (Memberships.Transition t : batch) {
                Map<String, Object> data = new HashMap<>();
                data.put(SegmentsEvents.SEGMENT_ID, t.segmentId);
                data.put(SegmentsEvents.SEGMENT_NAME, t.segmentName);
                changes.add(Change.of(t.topic, t.model, t.subjectId, data, SegmentsEvents.ACTOR));
            }
            jpa.inTransaction(em -> {
                changeLog.recordAll(em, changes);
                return null;
            });
            changeLog.committed();
        }
    }

    /**
     * Which of these profiles no longer exist: their timeline is deleted with them, so a "left" entry
     * would have nowhere to go. None when the owning bundle is not running (the events are recorded).
     */
    private Set<String> deleted(String model, Set<String> ids) {
        Set<String> existing;
        if (Models.PERSON.equals(model)) {
            PeopleService p = people;
            if (p == null) {
                return Set.of();
            }
            existing = lookUp(p, new ArrayList<>(ids), (s, c) -> s.list(null, null, List.of(c), null, LOOKUP_BATCH).data, x -> x.id).keySet();
        } else {
            CompaniesService c = companies;
            if (c == null) {
                return Set.of();
            }
            existing = lookUp(c, new ArrayList<>(ids), (s, cond) -> s.list(null, null, List.of(cond), null, LOOKUP_BATCH).data, x -> x.id).keySet();
        }
        Set<String> gone = new HashSet<>(ids);
        gone.removeAll(existing);
        return gone;
    }

    /** Profiles by id, read in batches with an {@code ID IN (...)} condition on the owning bundle's list. */
    private static <S, T> Map<String, T> lookUp(S service, List<String> ids, java.util.function.BiFunction<S, SubjectFilter.Condition, List<T>> list,
            Function<T, String> idOf) {
        Map<String, T> byId = new HashMap<>();
        for (int from = 0; from < ids.size(); from += LOOKUP_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + LOOKUP_BATCH));
            String marks = String.join(", ", Collections.nCopies(batch.size(), "?"));
            for (T item : list.apply(service, new SubjectFilter.Condition("ID IN (" + marks + ")", new ArrayList<>(batch)))) {
                byId.put(idOf.apply(item), item);
            }
        }
        return byId;
    }

    // ---- helpers ----

    private Segment withCount(Segment s) {
        Memberships.Count c = memberships.count(s.id, s.model, s.query);
        s.count = c.count;
        s.problem = c.problem;
        return s;
    }

    /** Checks a query with the search; 503 while the search is not running, its 400 named from {@code query}. */
    private SearchService.Query compile(String model, Object query) {
        SearchService s = search;
        if (s == null) {
            throw unavailable(Memberships.searchNotRunning() + " Segment queries cannot be checked; retry when it is started.");
        }
        try {
            return s.compile(model, query);
        } catch (DomainException e) {
            throw SegmentJson.queryProblem(e);
        }
    }

    private static boolean isAboutQuery(DomainException e) {
        if (!(e instanceof InvalidException)) {
            return true;
        }
        for (FieldError f : e.errors) {
            if (f.field.equals("cursor") || f.field.equals("limit")) {
                return false;
            }
        }
        return true;
    }

    private PeopleService people() {
        PeopleService p = people;
        if (p == null) {
            throw unavailable("The io.rapport.people bundle, which knows people, is not running; retry when it is started.");
        }
        return p;
    }

    private CompaniesService companies() {
        CompaniesService c = companies;
        if (c == null) {
            throw unavailable("The io.rapport.companies bundle, which knows companies, is not running; retry when it is started.");
        }
        return c;
    }

    private static DomainException unavailable(String detail) {
        return new UnavailableException(detail);
    }

    /** Reads a segment for a write, locking its row. */
    private static SegmentEntity lock(EntityManager em, String id, Long expectedVersion) {
        SegmentEntity e = id == null ? null : em.find(SegmentEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) {
            throw new NotFoundException(KIND, id);
        }
        if (expectedVersion != null && expectedVersion != e.version) {
            throw new StaleVersionException(KIND, id, e.version);
        }
        return e;
    }

    /** 409 naming the segment of the model that already has this name, ignoring case. */
    private static void checkNameFree(EntityManager em, String model, String name, String selfId) {
        List<SegmentEntity> owners = em.createQuery("SELECT s FROM SegmentEntity s WHERE s.model = :m AND s.nameKey = :k", SegmentEntity.class)
                .setParameter("m", model).setParameter("k", SegmentJson.nameKey(name)).getResultList();
        for (SegmentEntity owner : owners) {
            if (!owner.id.equals(selfId)) {
                throw new ConflictException("name", "The " + model + " segment '" + owner.name + "' (" + owner.id
                        + ") already has the name '" + name + "' (names are unique per model, ignoring case).");
            }
        }
    }

    private static void diff(Map<String, Map<String, Object>> changes, String field, Object before, Object after) {
        Map<String, Object> c = new HashMap<>();
        c.put("old", before);
        c.put("new", after);
        changes.put(field, c);
    }

    static Segment toSegment(SegmentEntity e) {
        Segment s = new Segment();
        s.id = e.id;
        s.name = e.name;
        s.model = e.model;
        s.query = SegmentJson.readQuery(e.queryJson);
        s.createdAt = MonotonicClock.toInstant(e.createdAt);
        s.updatedAt = MonotonicClock.toInstant(e.updatedAt);
        return s.version(e.version);
    }

    private void record(EntityManager em, String topic, Segment s, Map<String, Map<String, Object>> changes, String actor) {
        Map<String, Object> data = new HashMap<>();
        data.put(ChangeEvents.ENTITY, SegmentJson.entity(s));
        if (changes != null) {
            data.put(ChangeEvents.CHANGES, changes);
        }
        changeLog.record(em, Change.of(topic, null, s.id, data, actor));
    }

    /** A write of a segment: a lost race is retried or a 412; a name taken at the same moment is a 409. */
    private static <T> T write(Long expectedVersion, java.util.function.Supplier<T> work) {
        return JpaUnit.write(KIND, expectedVersion, () -> new ConflictException("name",
                "Another request gave a segment the same name at the same moment; read and retry."), work);
    }
}
