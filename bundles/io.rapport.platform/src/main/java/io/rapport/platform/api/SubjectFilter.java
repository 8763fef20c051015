package io.rapport.platform.api;

import io.rapport.platform.errors.DomainException;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A list filter that another bundle owns, such as {@code GET /people?tag=...}: it answers a SQL
 * condition on the subject's id, over its own tables, that the listing bundle adds to its query. Both
 * live in the one configured database, so the filter costs one query. Registered with the service
 * property {@value #PARAMETER} naming the query parameter.
 */
@ConsumerType
public interface SubjectFilter {
    String PARAMETER = "rapport.filter.parameter";
    /** Service property: the models it filters ({@code person}, {@code company}). */
    String MODELS = "rapport.filter.models";

    /**
     * The condition for {@code value}, over the id column named {@code idColumn}, e.g.
     * {@code ID IN (SELECT SUBJECT_ID FROM TAGS_LINK WHERE TAG_ID = ? AND MODEL = ?)}. Portable SQL with
     * {@code ?} parameters only. A bad value is an {@code InvalidException} naming the parameter.
     */
    Condition condition(String model, String idColumn, String value);

    final class Condition {
        public final String sql;
        public final List<Object> parameters;

        public Condition(String sql, List<Object> parameters) {
            this.sql = sql;
            this.parameters = List.copyOf(parameters);
        }
    }
}
