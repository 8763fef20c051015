package io.rapport.persistence.api;

import java.util.ArrayList;
import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.Query;

import io.rapport.platform.api.Cursor;
import io.rapport.platform.api.SubjectFilter;

/**
 * One page of a table's ids, newest first by {@code CREATED_AT, ID}, under conditions other bundles
 * contribute ({@link SubjectFilter}) over their own tables: one native, portable SQL query. Callers load
 * the rows of the answered ids themselves. The table needs the index {@code <table>_NEWEST} on
 * {@code (CREATED_AT DESC, ID DESC)} (in its bundle's changelog): Derby cannot read an ascending index
 * backwards, so without it every page of a million rows sorts them all (about 2 s).
 */
public final class KeysetPage {
    private KeysetPage() {
    }

    /**
     * Up to {@code limit + 1} ids after {@code after} (the extra one tells the caller there is a next
     * page), with their creation times: each row is {@code [String id, long createdAt]}.
     */
    public static List<Object[]> ids(EntityManager em, String table, List<String> ownConditions, List<Object> ownParameters,
            List<SubjectFilter.Condition> conditions, Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT ID, CREATED_AT FROM ").append(table);
        List<String> where = new ArrayList<>(ownConditions);
        List<Object> parameters = new ArrayList<>(ownParameters);
        for (SubjectFilter.Condition c : conditions) {
            where.add("(" + c.sql + ")");
            parameters.addAll(c.parameters);
        }
        if (after != null) {
            // the same rows as "CREATED_AT < t OR (CREATED_AT = t AND ID < id)", but Derby can start the
            // index scan at t only when a condition on CREATED_AT alone stands on its own
            where.add("CREATED_AT <= ? AND (CREATED_AT < ? OR ID < ?)");
            parameters.add(after.time);
            parameters.add(after.time);
            parameters.add(after.id);
        }
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        sql.append(" ORDER BY CREATED_AT DESC, ID DESC FETCH FIRST ").append(limit + 1).append(" ROWS ONLY");
        Query q = em.createNativeQuery(sql.toString());
        for (int i = 0; i < parameters.size(); i++) {
            q.setParameter(i + 1, parameters.get(i));
        }
        List<Object[]> rows = new ArrayList<>();
        for (Object row : q.getResultList()) {
            Object[] r = (Object[]) row;
            rows.add(new Object[] { String.valueOf(r[0]), ((Number) r[1]).longValue() });
        }
        return rows;
    }
}
