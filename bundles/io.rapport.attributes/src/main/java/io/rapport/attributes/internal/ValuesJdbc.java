package io.rapport.attributes.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

import io.rapport.attributes.internal.AttributesServiceImpl.ValueRow;
import io.rapport.attributes.spi.Stored;

/**
 * The value rows of many profiles, read and written with batched JDBC on the connection of a JPA
 * transaction (for bulk imports, and for profile reads). The rows are the same as {@link ValueEntity}'s; nothing here is
 * managed, which is safe because value rows are only ever read as scalars.
 */
final class ValuesJdbc {
    private static final String COLUMNS = "MODEL, SUBJECT_ID, ATTR_KEY, ITEM, STORAGE, ";

    private final Connection c;
    private final String model;
    private final List<Object[]> deletes = new ArrayList<>();
    /** {@code [sql, values...]}: the columns a row fills differ by storage kind. */
    private final Map<String, List<Object[]>> inserts = new TreeMap<>();

    ValuesJdbc(EntityManager em, String model) {
        this.c = em.unwrap(Connection.class);
        this.model = model;
    }

    /**
     * Subject id to key to rows (items in order): one lookup of the primary key per subject (Derby plans an
     * IN list of parameters as a scan of the whole table once it has planned it on a small one).
     */
    Map<String, Map<String, List<ValueRow>>> rowsOf(Collection<String> subjects) {
        Map<String, Map<String, List<ValueRow>>> result = new TreeMap<>();
        if (subjects.isEmpty()) {
            return result;
        }
        try (PreparedStatement q = c.prepareStatement("SELECT ATTR_KEY, ITEM, STORAGE, TEXT_VALUE, NUMBER_VALUE, BOOL_VALUE, TIME_VALUE, RAW "
                + "FROM ATTRIBUTES_VALUE WHERE MODEL = ? AND SUBJECT_ID = ? ORDER BY ATTR_KEY, ITEM")) {
            q.setString(1, model);
            for (String subject : subjects) {
                q.setString(2, subject);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        Object[] row = { rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5),
                                rs.getObject(6), rs.getObject(7), rs.getString(8) };
                        result.computeIfAbsent(subject, k -> new TreeMap<>()).computeIfAbsent((String) row[0], k -> new ArrayList<>())
                                .add(new ValueRow(row));
                    }
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
        return result;
    }

    void delete(String subjectId, String key) {
        deletes.add(new Object[] { subjectId, key });
    }

    void insert(String subjectId, String key, Stored stored, String raw, long now) {
        switch (stored.kind()) {
        case TEXT_LIST:
            List<String> items = stored.textList();
            for (int i = 0; i < items.size(); i++) {
                text(subjectId, key, i, stored, items.get(i), i == 0 ? raw : null, now);
            }
            break;
        case TEXT:
            text(subjectId, key, 0, stored, stored.text(), raw, now);
            break;
        case NUMBER:
            row("NUMBER_VALUE", subjectId, key, 0, stored, stored.number(), raw, now);
            break;
        case BOOLEAN:
            row("BOOL_VALUE", subjectId, key, 0, stored, stored.bool(), raw, now);
            break;
        case INSTANT:
            row("TIME_VALUE", subjectId, key, 0, stored, stored.instant(), raw, now);
            break;
        default:
            throw new IllegalStateException("unknown storage " + stored.kind());
        }
    }

    private void text(String subjectId, String key, int item, Stored stored, String text, String raw, long now) {
        String prefix = text.length() > ValueEntity.TEXT_KEY_LENGTH ? text.substring(0, ValueEntity.TEXT_KEY_LENGTH) : text;
        String textKey = prefix.toLowerCase(Locale.ROOT);
        // lower-casing can lengthen a string (e.g. 'İ'): keep within the column
        textKey = textKey.length() > ValueEntity.TEXT_KEY_LENGTH ? textKey.substring(0, ValueEntity.TEXT_KEY_LENGTH) : textKey;
        inserts.computeIfAbsent("INSERT INTO ATTRIBUTES_VALUE (" + COLUMNS + "TEXT_VALUE, TEXT_KEY, RAW, UPDATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                k -> new ArrayList<>()).add(new Object[] { model, subjectId, key, item, stored.kind().name(), text, textKey, raw, now });
    }

    private void row(String column, String subjectId, String key, int item, Stored stored, Object value, String raw, long now) {
        inserts.computeIfAbsent("INSERT INTO ATTRIBUTES_VALUE (" + COLUMNS + column + ", RAW, UPDATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                k -> new ArrayList<>()).add(new Object[] { model, subjectId, key, item, stored.kind().name(), value, raw, now });
    }

    /** Runs the deletes, then the inserts, each kind as one batch. */
    void execute() {
        try {
            if (!deletes.isEmpty()) {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM ATTRIBUTES_VALUE WHERE MODEL = ? AND SUBJECT_ID = ? AND ATTR_KEY = ?")) {
                    for (Object[] row : deletes) {
                        d.setString(1, model);
                        d.setString(2, (String) row[0]);
                        d.setString(3, (String) row[1]);
                        d.addBatch();
                    }
                    d.executeBatch();
                }
            }
            for (Map.Entry<String, List<Object[]>> kind : inserts.entrySet()) {
                try (PreparedStatement p = c.prepareStatement(kind.getKey())) {
                    for (Object[] row : kind.getValue()) {
                        for (int i = 0; i < row.length; i++) {
                            set(p, i + 1, row[i]);
                        }
                        p.addBatch();
                    }
                    p.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
        deletes.clear();
        inserts.clear();
    }

    private static void set(PreparedStatement p, int index, Object value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.VARCHAR); // only RAW is ever null here
        } else if (value instanceof String) {
            p.setString(index, (String) value);
        } else if (value instanceof Integer) {
            p.setInt(index, (Integer) value);
        } else if (value instanceof Long) {
            p.setLong(index, (Long) value);
        } else if (value instanceof Boolean) {
            p.setBoolean(index, (Boolean) value);
        } else if (value instanceof java.math.BigDecimal) {
            p.setBigDecimal(index, (java.math.BigDecimal) value);
        } else {
            throw new IllegalArgumentException("no JDBC setter for " + value.getClass());
        }
    }
}
