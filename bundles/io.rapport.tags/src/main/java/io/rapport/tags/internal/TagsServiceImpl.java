package io.rapport.tags.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;
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
import io.rapport.people.api.PeopleService;
import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeLog;
import io.rapport.persistence.api.Database;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.persistence.api.OwnsPersistenceUnit;
import io.rapport.platform.api.ChangeEvents;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.api.Ids;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.MergePatch;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.MonotonicClock;
import io.rapport.platform.api.Page;
import io.rapport.platform.errors.DomainException;
import io.rapport.tags.api.Tag;
import io.rapport.tags.api.TagData;
import io.rapport.tags.api.TagsEvents;
import io.rapport.tags.api.TagsService;

@OwnsPersistenceUnit
/**
 * The tags service: tags (unique by name, ignoring case and accents), their links to people and companies,
 * and each change on the change log in the same transaction. Single-row writes go through JPA with the
 * tag's version; bulk links and the reads behind lists go through JDBC (see docs/architecture.md).
 */
@Component(service = { TagsService.class, TagLinks.class })
public class TagsServiceImpl implements TagsService, TagLinks {
    static final String COMPONENT_NAME = "io.rapport.tags.internal.TagsServiceImpl";
    private static final String KIND = "tag";

    private final JpaUnit jpa;
    private final ChangeLog changeLog;

    // Other domain bundles may stop and start at any time: tags keep working without them.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PeopleService people;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CompaniesService companies;

    @Activate
    public TagsServiceImpl(@Reference Database database,
            @Reference(target = "(osgi.unit.name=io.rapport.tags)") EntityManagerFactoryBuilder unit,
            @Reference ChangeLog changeLog) {
        this.jpa = database.open(unit);
        this.changeLog = changeLog;
    }

    @Deactivate
    void close() {
        jpa.close();
    }

    // ---- tags ----

    @Override
    public Tag create(TagData data, String actor) {
        TagData d = TagJson.normalise(data);
        Tag created = writeTag(null, () -> jpa.inTransaction(em -> {
            checkNameFree(em, d.name, null);
            TagEntity e = new TagEntity();
            e.id = Ids.newId(KIND);
            e.createdAt = e.updatedAt = MonotonicClock.nowMicros();
            apply(e, d);
            em.persist(e);
            em.flush();
            Tag t = toTag(e, 0, 0);
            record(em, TagsEvents.CREATED, t, null, actor);
            return t;
        }));
        changeLog.committed();
        return created;
    }

    @Override
    public Optional<Tag> get(String id) {
        return Optional.ofNullable(jpa.read(em -> {
            TagEntity e = em.find(TagEntity.class, id);
            return e == null ? null : withCounts(em, List.of(e)).get(0);
        }));
    }

    @Override
    public Tag patch(String id, Map<String, Object> mergePatch, Long expectedVersion, String actor) {
        JsonObjectReader fields = new JsonObjectReader(mergePatch);
        TagJson.checkKeys(fields, mergePatch, false);
        fields.throwIfInvalid();
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        Tag updated = writeTag(expectedVersion, () -> jpa.inTransaction(em -> {
            changes.clear(); // from an attempt that lost a race
            TagEntity e = lock(em, id, expectedVersion);
            Tag before = withCounts(em, List.of(e)).get(0);
            TagData d = TagJson.normalise(TagJson.read(MergePatch.apply(TagJson.writable(before), mergePatch), false));
            diff(changes, "name", before.name, d.name);
            diff(changes, "color", before.color, d.color);
            diff(changes, "description", before.description, d.description);
            if (changes.isEmpty()) {
                return before;
            }
            if (changes.containsKey("name")) {
                checkNameFree(em, d.name, id);
            }
            apply(e, d);
            e.updatedAt = MonotonicClock.nowMicros();
            em.flush();
            Tag after = toTag(e, before.peopleCount, before.companyCount);
            record(em, TagsEvents.UPDATED, after, changes, actor);
            return after;
        }));
        changeLog.committed();
        return updated;
    }

    @Override
    public Deleted delete(String id, Long expectedVersion, String actor) {
        Deleted deleted = writeTag(expectedVersion, () -> jpa.inTransaction(em -> {
            TagEntity e = lock(em, id, expectedVersion);
            Tag t = withCounts(em, List.of(e)).get(0);
            keepUnlinkedForSearch(em, id);
            em.createQuery("DELETE FROM TagLinkEntity l WHERE l.tagId = :id").setParameter("id", id).executeUpdate();
            em.remove(e);
            record(em, TagsEvents.DELETED, t, null, actor);
            return new Deleted(id, t.peopleCount, t.companyCount);
        }));
        changeLog.committed();
        return deleted;
    }

    @Override
    public Page<Tag> list(String cursor, int limit) {
        NameCursor after = NameCursor.decode(cursor);
        return jpa.read(em -> {
            TypedQuery<TagEntity> q;
            if (after == null) {
                q = em.createQuery("SELECT t FROM TagEntity t ORDER BY t.nameKey, t.id", TagEntity.class);
            } else {
                q = em.createQuery("SELECT t FROM TagEntity t WHERE t.nameKey > :k OR (t.nameKey = :k AND t.id > :id) "
                        + "ORDER BY t.nameKey, t.id", TagEntity.class).setParameter("k", after.nameKey).setParameter("id", after.id);
            }
            List<TagEntity> rows = q.setMaxResults(limit + 1).getResultList();
            List<TagEntity> page = rows.subList(0, Math.min(limit, rows.size()));
            String next = null;
            if (rows.size() > limit) {
                TagEntity last = rows.get(limit - 1);
                next = new NameCursor(last.nameKey, last.id).encode();
            }
            return new Page<>(withCounts(em, page), next);
        });
    }

    // ---- links ----

    @Override
    public boolean add(String tagId, String model, String subjectId, String actor) {
        Models.check(model, "model");
        requireTag(tagId);
        requireSubject(model, subjectId);
        boolean added = writeLinks(() -> jpa.inTransaction(em -> {
            TagEntity tag = lock(em, tagId, null);
            // a query, not find(): links are also removed by bulk deletes, which the cache does not see row by row
            if (!em.createQuery("SELECT l.subjectId FROM TagLinkEntity l WHERE l.tagId = :t AND l.model = :m AND l.subjectId = :s",
                    String.class).setParameter("t", tagId).setParameter("m", model).setParameter("s", subjectId).getResultList().isEmpty()) {
                return false;
            }
            em.persist(new TagLinkEntity(tagId, model, subjectId, MonotonicClock.nowMicros()));
            em.flush();
            recordLink(em, TagsEvents.ADDED, tag, model, subjectId, actor);
            return true;
        }));
        changeLog.committed();
        return added;
    }

    @Override
    public boolean remove(String tagId, String model, String subjectId, String actor) {
        Models.check(model, "model");
        requireTag(tagId);
        requireSubject(model, subjectId);
        boolean removed = writeLinks(() -> jpa.inTransaction(em -> {
            TagEntity tag = lock(em, tagId, null);
            int gone = em.createQuery("DELETE FROM TagLinkEntity l WHERE l.tagId = :t AND l.model = :m AND l.subjectId = :s")
                    .setParameter("t", tagId).setParameter("m", model).setParameter("s", subjectId).executeUpdate();
            if (gone == 0) {
                return false;
            }
            recordLink(em, TagsEvents.REMOVED, tag, model, subjectId, actor);
            return true;
        }));
        changeLog.committed();
        return removed;
    }

    @Override
    public List<Tag> tagsOf(String model, String subjectId) {
        Models.check(model, "model");
        // Reading our own rows needs no other bundle: check the profile only when its owner is running.
        Optional<Boolean> exists = subjectExists(model, subjectId);
        if (exists.isPresent() && !exists.get()) {
            throw new NotFoundException(model, subjectId);
        }
        return jpa.read(em -> withCounts(em, tagEntitiesOf(em, model, subjectId)));
    }

    @Override
    public Bulk bulk(String tagId, String model, List<String> add, List<String> remove, String actor) {
        Models.check(model, "model");
        List<String> adds = add == null ? List.of() : add;
        List<String> removes = remove == null ? List.of() : remove;
        if (adds.size() + removes.size() > MAX_BULK_IDS) {
            throw new InvalidException(adds.size() > removes.size() ? "add" : "remove", "add and remove may hold at most "
                    + MAX_BULK_IDS + " ids in all, had " + (adds.size() + removes.size()) + "; split the change into several calls");
        }
        requireTag(tagId);
        if (adds.isEmpty() && removes.isEmpty()) {
            return new Bulk(0, 0);
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, Boolean> known = new HashMap<>();
        checkIds("add", adds, model, known, errors);
        checkIds("remove", removes, model, known, errors);
        Set<String> addSet = new LinkedHashSet<>(adds);
        for (int i = 0; i < removes.size(); i++) {
            if (addSet.contains(removes.get(i))) {
                errors.add(new FieldError("remove[" + i + "]", "'" + removes.get(i) + "' is also in add; a profile is either tagged or untagged"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidException(errors);
        }
        Set<String> removeSet = new LinkedHashSet<>(removes);
        Bulk result = writeLinks(() -> jpa.inTransaction(em -> {
            TagEntity tag = lock(em, tagId, null);
            List<String> all = new ArrayList<>(addSet);
            all.addAll(removeSet);
            Set<String> linked = new HashSet<>(em.createQuery("SELECT l.subjectId FROM TagLinkEntity l "
                    + "WHERE l.tagId = :t AND l.model = :m AND l.subjectId IN :ids", String.class)
                    .setParameter("t", tagId).setParameter("m", model).setParameter("ids", all).getResultList());
            int added = 0;
            for (String id : addSet) {
                if (!linked.contains(id)) {
                    em.persist(new TagLinkEntity(tagId, model, id, MonotonicClock.nowMicros()));
                    recordLink(em, TagsEvents.ADDED, tag, model, id, actor);
                    added++;
                }
            }
            em.flush();
            List<String> unlink = removeSet.stream().filter(linked::contains).collect(Collectors.toList());
            if (!unlink.isEmpty()) {
                em.createQuery("DELETE FROM TagLinkEntity l WHERE l.tagId = :t AND l.model = :m AND l.subjectId IN :ids")
                        .setParameter("t", tagId).setParameter("m", model).setParameter("ids", unlink).executeUpdate();
                for (String id : unlink) {
                    recordLink(em, TagsEvents.REMOVED, tag, model, id, actor);
                }
            }
            return new Bulk(added, unlink.size());
        }));
        changeLog.committed();
        return result;
    }

    @Override
    public ByNames byNames(java.util.Collection<String> names, boolean create, String actor) {
        return new TagsBatch(jpa, changeLog, this).byNames(names, create, actor);
    }

    @Override
    public LinkBatch addBatch(String model, Map<String, List<String>> tagIdsBySubject, String actor) {
        return new TagsBatch(jpa, changeLog, this).addBatch(model, tagIdsBySubject, actor);
    }

    // ---- for the other components of this bundle ----

    JpaUnit jpa() {
        return jpa;
    }

    /** How long the links a tag deletion removed are kept for the search index ({@link TagUnlinkedEntity}). */
    static final long UNLINKED_KEPT_MICROS = 24L * 3600 * 1_000_000;

    /** Keeps the links of a tag being deleted for the search index, and forgets those older than a day. */
    private static void keepUnlinkedForSearch(EntityManager em, String tagId) {
        long now = MonotonicClock.nowMicros();
        em.createNativeQuery("DELETE FROM TAGS_SEARCH_UNLINKED WHERE CREATED_AT < ?").setParameter(1, now - UNLINKED_KEPT_MICROS)
                .executeUpdate();
        em.createNativeQuery("INSERT INTO TAGS_SEARCH_UNLINKED (TAG_ID, MODEL, SUBJECT_ID, CREATED_AT) "
                + "SELECT TAG_ID, MODEL, SUBJECT_ID, ? FROM TAGS_LINK WHERE TAG_ID = ?").setParameter(1, now).setParameter(2, tagId)
                .executeUpdate();
    }

    @Override
    public boolean exists(String tagId) {
        return tagId != null && jpa.read(em -> em.find(TagEntity.class, tagId) != null);
    }

    /** The profile section: {@code [{id, name, color}]} sorted by name, without counts (cheap). */
    @Override
    public List<Map<String, Object>> section(String model, String subjectId) {
        return jpa.read(em -> {
            List<Map<String, Object>> result = new ArrayList<>();
            for (TagEntity e : tagEntitiesOf(em, model, subjectId)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", e.id);
                m.put("name", e.name);
                m.put("color", e.color);
                result.add(m);
            }
            return result;
        });
    }

    /** Removes every tag of a profile that was deleted; idempotent, records no change (the profile is gone). */
    @Override
    public int forget(String model, String subjectId) {
        return jpa.inTransaction(em -> em.createQuery("DELETE FROM TagLinkEntity l WHERE l.model = :m AND l.subjectId = :s")
                .setParameter("m", model).setParameter("s", subjectId).executeUpdate());
    }

    // ---- helpers ----

    private static List<TagEntity> tagEntitiesOf(EntityManager em, String model, String subjectId) {
        return em.createQuery("SELECT t FROM TagEntity t WHERE t.id IN "
                + "(SELECT l.tagId FROM TagLinkEntity l WHERE l.model = :m AND l.subjectId = :s) ORDER BY t.nameKey, t.id", TagEntity.class)
                .setParameter("m", model).setParameter("s", subjectId).getResultList();
    }

    private void checkIds(String field, List<String> ids, String model, Map<String, Boolean> known, List<FieldError> errors) {
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || id.isBlank()) {
                errors.add(new FieldError(field + "[" + i + "]", "must be the id of a " + model));
                continue;
            }
            if (!known.computeIfAbsent(id, k -> requireSubjectService(model).test(k))) {
                errors.add(new FieldError(field + "[" + i + "]", "no " + model + " with id '" + id + "'"));
            }
        }
    }

    private void requireTag(String tagId) {
        if (!exists(tagId)) {
            throw new NotFoundException(KIND, tagId);
        }
    }

    private void requireSubject(String model, String subjectId) {
        if (!requireSubjectService(model).test(subjectId)) {
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

    /** An existence test for profiles of {@code model}; 503 naming the bundle when it is not running. */
    private java.util.function.Predicate<String> requireSubjectService(String model) {
        if (Models.PERSON.equals(model)) {
            PeopleService p = people;
            if (p == null) {
                throw unavailable("io.rapport.people", "people");
            }
            return id -> p.get(id).isPresent();
        }
        CompaniesService c = companies;
        if (c == null) {
            throw unavailable("io.rapport.companies", "companies");
        }
        return id -> c.get(id).isPresent();
    }

    private static DomainException unavailable(String bundle, String what) {
        return new UnavailableException("The " + bundle + " bundle, which knows " + what + ", is not running; retry when it is started.");
    }

    /** Reads a tag for a write, locking its row so that link changes and deletes of one tag queue. */
    private static TagEntity lock(EntityManager em, String id, Long expectedVersion) {
        TagEntity e = id == null ? null : em.find(TagEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (e == null) {
            throw new NotFoundException(KIND, id);
        }
        if (expectedVersion != null && expectedVersion != e.version) {
            throw new StaleVersionException(KIND, id, e.version);
        }
        return e;
    }

    /** 409 naming the tag that already has this name, ignoring case. */
    private static void checkNameFree(EntityManager em, String name, String selfId) {
        List<TagEntity> owners = em.createQuery("SELECT t FROM TagEntity t WHERE t.nameKey = :k", TagEntity.class)
                .setParameter("k", TagJson.nameKey(name)).getResultList();
        for (TagEntity owner : owners) {
            if (!owner.id.equals(selfId)) {
                throw new ConflictException("name", "The tag '" + owner.name + "' (" + owner.id
                        + ") already has the name '" + name + "' (names are unique ignoring case).");
            }
        }
    }

    private static void apply(TagEntity e, TagData d) {
        e.name = d.name;
        e.nameKey = TagJson.nameKey(d.name);
        e.color = d.color;
        e.description = d.description;
    }

    private static void diff(Map<String, Map<String, Object>> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            Map<String, Object> c = new HashMap<>();
            c.put("old", before);
            c.put("new", after);
            changes.put(field, c);
        }
    }

    /** The tags with their people and company counts, in one query for all of them. */
    private static List<Tag> withCounts(EntityManager em, List<TagEntity> tags) {
        Map<String, long[]> counts = new HashMap<>();
        if (!tags.isEmpty()) {
            List<Object[]> rows = em.createQuery("SELECT l.tagId, l.model, COUNT(l.subjectId) FROM TagLinkEntity l "
                    + "WHERE l.tagId IN :ids GROUP BY l.tagId, l.model", Object[].class)
                    .setParameter("ids", tags.stream().map(t -> t.id).collect(Collectors.toList())).getResultList();
            for (Object[] row : rows) {
                long[] c = counts.computeIfAbsent((String) row[0], k -> new long[2]);
                c[Models.PERSON.equals(row[1]) ? 0 : 1] += ((Number) row[2]).longValue();
            }
        }
        List<Tag> result = new ArrayList<>(tags.size());
        for (TagEntity e : tags) {
            long[] c = counts.getOrDefault(e.id, new long[2]);
            result.add(toTag(e, c[0], c[1]));
        }
        return result;
    }

    private static Tag toTag(TagEntity e, long people, long companies) {
        Tag t = new Tag();
        t.id = e.id;
        t.name = e.name;
        t.color = e.color;
        t.description = e.description;
        t.peopleCount = people;
        t.companyCount = companies;
        t.createdAt = MonotonicClock.toInstant(e.createdAt);
        t.updatedAt = MonotonicClock.toInstant(e.updatedAt);
        return t.version(e.version);
    }

    private void record(EntityManager em, String topic, Tag t, Map<String, Map<String, Object>> changes, String actor) {
        Map<String, Object> data = new HashMap<>();
        data.put(ChangeEvents.ENTITY, TagJson.write(t));
        if (changes != null) {
            data.put(ChangeEvents.CHANGES, changes);
        }
        changeLog.record(em, Change.of(topic, null, t.id, data, actor));
    }

    private void recordLink(EntityManager em, String topic, TagEntity tag, String model, String subjectId, String actor) {
        Map<String, Object> data = new HashMap<>();
        data.put(TagsEvents.TAG_ID, tag.id);
        data.put(TagsEvents.TAG_NAME, tag.name);
        changeLog.record(em, Change.of(topic, model, subjectId, data, actor));
    }

    /**
     * Runs a write of a tag. A lost race is retried when the client did not ask for a version and is a
     * 412 when it did; a name taken by another request at the same moment is a 409.
     */
    private static <T> T writeTag(Long expectedVersion, Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return work.get();
            } catch (PersistenceException e) {
                if (JpaUnit.isUniqueViolation(e)) {
                    throw new ConflictException("name", "Another request gave a tag the same name at the same moment; read and retry.");
                }
                if (!isLostRace(e)) {
                    throw e;
                }
                if (expectedVersion != null || attempt == 5) {
                    String detail = "The tag was changed by another request at the same moment; read it again and retry.";
                    throw expectedVersion != null ? new StaleVersionException(detail, null) : new ConflictException(detail);
                }
            }
        }
    }

    /** Runs a change of links; a link another request inserted at the same moment is seen on the retry. */
    private static <T> T writeLinks(Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return work.get();
            } catch (PersistenceException e) {
                if ((!JpaUnit.isUniqueViolation(e) && !isLostRace(e)) || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static boolean isLostRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.persistence.OptimisticLockException) {
                return true;
            }
        }
        return false;
    }

    /** A position in the list sorted by name: the last tag's name key and id. Opaque to clients. */
    static final class NameCursor {
        final String nameKey;
        final String id;

        NameCursor(String nameKey, String id) {
            this.nameKey = nameKey;
            this.id = id;
        }

        String encode() {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String inner = b64.encodeToString(nameKey.getBytes(StandardCharsets.UTF_8)) + "." + id;
            return b64.encodeToString(inner.getBytes(StandardCharsets.UTF_8));
        }

        static NameCursor decode(String cursor) {
            if (cursor == null || cursor.isEmpty()) {
                return null;
            }
            try {
                Base64.Decoder b64 = Base64.getUrlDecoder();
                String inner = new String(b64.decode(cursor), StandardCharsets.UTF_8);
                int dot = inner.indexOf('.');
                if (dot <= 0 || dot == inner.length() - 1) {
                    throw new IllegalArgumentException();
                }
                return new NameCursor(new String(b64.decode(inner.substring(0, dot)), StandardCharsets.UTF_8), inner.substring(dot + 1));
            } catch (IllegalArgumentException e) {
                throw new InvalidException("cursor", "is not a cursor this API gave out; pass next_cursor from the previous page unchanged");
            }
        }
    }
}
