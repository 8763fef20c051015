package io.rapport.tags.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;

import io.rapport.platform.errors.ConflictException;
import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeLog;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.MonotonicClock;
import io.rapport.platform.errors.DomainException;
import io.rapport.tags.api.TagData;
import io.rapport.tags.api.TagsEvents;
import io.rapport.tags.api.TagsService;
import io.rapport.tags.api.TagsService.ByNames;
import io.rapport.tags.api.TagsService.LinkBatch;

/** The bulk-import side of tags: names to ids, and many links in one transaction with batched JDBC. */
final class TagsBatch {
    /** IN-list size for the tags themselves (a small table). */
    private static final int CHUNK = 100;
    private static final int ATTEMPTS = 5;

    private final JpaUnit jpa;
    private final ChangeLog changeLog;
    private final TagsService tags;

    TagsBatch(JpaUnit jpa, ChangeLog changeLog, TagsService tags) {
        this.jpa = jpa;
        this.changeLog = changeLog;
        this.tags = tags;
    }

    ByNames byNames(Collection<String> names, boolean create, String actor) {
        Map<String, String> invalid = new LinkedHashMap<>();
        Map<String, String> keyOf = new LinkedHashMap<>();
        for (String name : names) {
            try {
                keyOf.put(name, TagJson.nameKey(TagJson.normalise(new TagData(name, null, null)).name));
            } catch (DomainException e) {
                invalid.put(name, e.errors.isEmpty() ? e.detail : e.errors.get(0).message);
            }
        }
        Map<String, String> idByKey = ids(new LinkedHashSet<>(keyOf.values()));
        if (create) {
            for (Map.Entry<String, String> n : keyOf.entrySet()) {
                if (!idByKey.containsKey(n.getValue())) {
                    try {
                        idByKey.put(n.getValue(), tags.create(new TagData(n.getKey(), null, null), actor).id);
                    } catch (DomainException e) {
                        if (!(e instanceof ConflictException)) {
                            throw e;
                        }
                        idByKey.putAll(ids(Set.of(n.getValue()))); // created by another request at the same moment
                    }
                }
            }
        }
        Map<String, String> ids = new LinkedHashMap<>();
        keyOf.forEach((name, key) -> {
            String id = idByKey.get(key);
            if (id != null) {
                ids.put(name, id);
            }
        });
        return new ByNames(ids, invalid);
    }

    /** Name key to tag id, for the tags that have these keys. */
    private Map<String, String> ids(Set<String> keys) {
        Map<String, String> result = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        jpa.read(em -> {
            for (int from = 0; from < all.size(); from += CHUNK) {
                for (Object[] row : em.createQuery("SELECT t.nameKey, t.id FROM TagEntity t WHERE t.nameKey IN :keys", Object[].class)
                        .setParameter("keys", all.subList(from, Math.min(all.size(), from + CHUNK))).getResultList()) {
                    result.put((String) row[0], (String) row[1]);
                }
            }
            return null;
        });
        return result;
    }

    LinkBatch addBatch(String model, Map<String, List<String>> tagIdsBySubject, String actor) {
        Models.check(model, "model");
        if (tagIdsBySubject.isEmpty()) {
            return new LinkBatch(Map.of(), Map.of());
        }
        for (int attempt = 1;; attempt++) {
            try {
                LinkBatch result = jpa.inTransaction(em -> link(em, model, tagIdsBySubject, actor));
                changeLog.committed();
                return result;
            } catch (PersistenceException e) {
                // a link another request inserted at the same moment is seen on the next attempt
                if (attempt == ATTEMPTS || !JpaUnit.isUniqueViolation(e) && !JpaUnit.isLostRace(e)) {
                    throw e;
                }
            }
        }
    }

    private LinkBatch link(EntityManager em, String model, Map<String, List<String>> tagIdsBySubject, String actor) {
        Set<String> tagIds = new LinkedHashSet<>();
        tagIdsBySubject.values().forEach(tagIds::addAll);
        // locked, as by add(): a tag deleted at this moment either waits for these links or is gone already
        Map<String, TagEntity> found = new HashMap<>();
        List<String> allTags = new ArrayList<>(tagIds);
        for (int from = 0; from < allTags.size(); from += CHUNK) {
            for (TagEntity t : em.createQuery("SELECT t FROM TagEntity t WHERE t.id IN :ids", TagEntity.class)
                    .setParameter("ids", allTags.subList(from, Math.min(allTags.size(), from + CHUNK)))
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()) {
                found.put(t.id, t);
            }
        }
        Connection c = em.unwrap(Connection.class);
        Map<String, List<String>> added = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        List<Change> changes = new ArrayList<>();
        try {
            Set<String> existing = existingLinks(c, model, tagIdsBySubject.keySet());
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO TAGS_LINK (TAG_ID, MODEL, SUBJECT_ID, CREATED_AT) VALUES (?, ?, ?, ?)")) {
                boolean any = false;
                for (Map.Entry<String, List<String>> s : tagIdsBySubject.entrySet()) {
                    String subject = s.getKey();
                    String missing = s.getValue().stream().filter(id -> !found.containsKey(id)).findFirst().orElse(null);
                    if (missing != null) {
                        failed.put(subject, "the tag " + missing + " was deleted meanwhile");
                        continue;
                    }
                    List<String> now = new ArrayList<>();
                    for (String tagId : new LinkedHashSet<>(s.getValue())) {
                        if (existing.add(tagId + " " + subject)) {
                            insert.setString(1, tagId);
                            insert.setString(2, model);
                            insert.setString(3, subject);
                            insert.setLong(4, MonotonicClock.nowMicros());
                            insert.addBatch();
                            any = true;
                            now.add(tagId);
                            Map<String, Object> data = new HashMap<>();
                            data.put(TagsEvents.TAG_ID, tagId);
                            data.put(TagsEvents.TAG_NAME, found.get(tagId).name);
                            changes.add(Change.of(TagsEvents.ADDED, model, subject, data, actor));
                        }
                    }
                    added.put(subject, now);
                }
                if (any) {
                    insert.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
        changeLog.recordAll(em, changes);
        return new LinkBatch(added, failed);
    }

    /**
     * {@code "<tag id> <subject id>"} of every link these subjects have: one indexed lookup per subject
     * (Derby plans an IN list of parameters as a scan of the whole table once it has planned it on a small one).
     */
    private static Set<String> existingLinks(Connection c, String model, Collection<String> subjects) throws SQLException {
        Set<String> result = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement("SELECT TAG_ID FROM TAGS_LINK WHERE MODEL = ? AND SUBJECT_ID = ?")) {
            q.setString(1, model);
            for (String subject : subjects) {
                q.setString(2, subject);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        result.add(rs.getString(1) + " " + subject);
                    }
                }
            }
        }
        return result;
    }
}
