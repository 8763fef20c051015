package io.rapport.timeline.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.rapport.persistence.api.Change;
import io.rapport.platform.api.Ids;
import io.rapport.platform.api.MonotonicClock;

/**
 * Writes the entries of a run of changes with batched JDBC in the caller's transaction. Fast mode
 * inserts without looking (a run normally arrives once; a run delivered again fails on the
 * TIMELINE_ENTRY_ONCE constraint, and the caller repeats it carefully); careful mode skips each entry
 * that is already there.
 */
final class EntryWriter implements AutoCloseable {
    private final Connection c;
    private final boolean careful;
    private final PreparedStatement insert;
    private final PreparedStatement tombstone;
    private final PreparedStatement exists;
    /** "model subject" of each profile looked up in this run: whether it is deleted. */
    private final Map<String, Boolean> deleted = new HashMap<>();
    private boolean pending;

    EntryWriter(Connection c, boolean careful) throws SQLException {
        this.c = c;
        this.careful = careful;
        this.insert = c.prepareStatement("INSERT INTO TIMELINE_ENTRY (ID, MODEL, SUBJECT_ID, TYPE, OCCURRED_AT, ACTOR, SUMMARY, DATA, DEDUPE) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.tombstone = c.prepareStatement("SELECT 1 FROM TIMELINE_TOMBSTONE WHERE MODEL = ? AND SUBJECT_ID = ?");
        this.exists = c.prepareStatement("SELECT 1 FROM TIMELINE_ENTRY WHERE MODEL = ? AND SUBJECT_ID = ? AND DEDUPE = ?");
    }

    void write(List<Change> changes) throws SQLException {
        for (Change change : changes) {
            if (EntryMapper.isDeletion(change)) {
                flush();
                delete(change.model, change.subjectId);
                continue;
            }
            List<EntryMapper.Draft> drafts = EntryMapper.entries(change);
            long occurredAt = change.occurredAt.getEpochSecond() * 1_000_000L + change.occurredAt.getNano() / 1_000;
            for (int n = 0; n < drafts.size(); n++) {
                EntryMapper.Draft d = drafts.get(n);
                String dedupe = "change:" + change.seq + ":" + n;
                if (deleted(d.model, d.subjectId) || careful && exists(d.model, d.subjectId, dedupe)) {
                    continue; // a profile that is gone, or a change delivered again
                }
                insert.setString(1, Ids.newId("tle"));
                insert.setString(2, d.model);
                insert.setString(3, d.subjectId);
                insert.setString(4, d.type);
                insert.setLong(5, occurredAt);
                insert.setString(6, change.actor);
                insert.setString(7, d.summary);
                insert.setString(8, TimelineService.json(d.data));
                insert.setString(9, dedupe);
                insert.addBatch();
                pending = true;
            }
        }
        flush();
    }

    private void delete(String model, String subjectId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM TIMELINE_ENTRY WHERE MODEL = ? AND SUBJECT_ID = ?")) {
            delete.setString(1, model);
            delete.setString(2, subjectId);
            delete.executeUpdate();
        }
        if (!deleted(model, subjectId)) {
            try (PreparedStatement add = c.prepareStatement("INSERT INTO TIMELINE_TOMBSTONE (MODEL, SUBJECT_ID, DELETED_AT) VALUES (?, ?, ?)")) {
                add.setString(1, model);
                add.setString(2, subjectId);
                add.setLong(3, MonotonicClock.nowMicros());
                add.executeUpdate();
            }
            deleted.put(model + " " + subjectId, true);
        }
    }

    private boolean deleted(String model, String subjectId) throws SQLException {
        String key = model + " " + subjectId;
        Boolean known = deleted.get(key);
        if (known == null) {
            tombstone.setString(1, model);
            tombstone.setString(2, subjectId);
            try (ResultSet r = tombstone.executeQuery()) {
                known = r.next();
            }
            deleted.put(key, known);
        }
        return known;
    }

    private boolean exists(String model, String subjectId, String dedupe) throws SQLException {
        flush();
        exists.setString(1, model);
        exists.setString(2, subjectId);
        exists.setString(3, dedupe);
        try (ResultSet r = exists.executeQuery()) {
            return r.next();
        }
    }

    private void flush() throws SQLException {
        if (pending) {
            insert.executeBatch();
            pending = false;
        }
    }

    @Override
    public void close() throws SQLException {
        insert.close();
        tombstone.close();
        exists.close();
    }
}
