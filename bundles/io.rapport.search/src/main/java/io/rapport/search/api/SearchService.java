package io.rapport.search.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import io.rapport.platform.errors.DomainException;
import io.rapport.platform.search.SearchField;

/**
 * Runs queries over the search index. A query is JSON-shaped data: a condition
 * {@code {"field": "emails", "operator": "contains", "value": "acme"}} or a group
 * {@code {"and": [Q, ...]}} / {@code {"or": [Q, ...]}}, nested to any depth. Errors are
 * {@code InvalidException}s naming the field at fault (e.g. {@code query.and[1].field}) for an
 * unknown field, a field whose bundle is not running (saying so), an operator that does not fit the
 * field's type, or a value of the wrong kind.
 */
@ProviderType
public interface SearchService {
    /**
     * Runs a search body {@code {"query": Q, "sort": {"field": "created_at", "order": "desc"}, "limit":
     * 50, "cursor": "...", "fields": ["tags", ...]}} (all optional; no query matches every subject) over
     * {@code model}. {@code fields} names searchable fields whose values each result carries
     * ({@link SearchPage#values}), read from the index: what a list needs to show columns of other bundles.
     */
    SearchPage search(String model, Map<String, Object> body);

    /** Checks and compiles a query, to keep (as segments do) and run later; 400 as above. */
    Query compile(String model, Object query);

    /** How many subjects match now. */
    long count(Query query);

    /** Whether the subject matches now (false for an unknown subject). */
    boolean matches(Query query, String subjectId);

    /**
     * Every subject that matches now, newest first, in one call (to fill a segment's members without
     * paging through {@link #search}). The list holds the index's own id strings: about 8 bytes a match.
     *
     * @since 1.1
     */
    default List<String> ids(Query query) {
        List<String> all = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> body = new java.util.HashMap<>();
            body.put("query", query.json());
            body.put("limit", 200);
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            SearchPage page = search(query.model(), body);
            all.addAll(page.ids);
            cursor = page.nextCursor;
        } while (cursor != null);
        return all;
    }

    /** The searchable fields of the model now, by name (standard and contributed by running bundles). */
    List<SearchField> fields(String model);

    /** A compiled query. */
    interface Query {
        String model();

        /** The query as given (JSON-shaped), to store and show. */
        Object json();

        /** The fields it uses: when one goes away, the query fails with a 400 until it returns. */
        Set<String> fields();
    }

    /**
     * A page of matching subject ids in order, with the cursor of the next page, the total number of matches,
     * and the values of the fields asked for ({@code values}: id to field to value; empty when none were).
     */
    final class SearchPage {
        public final List<String> ids;
        public final String nextCursor;
        public final long total;
        /** @since 1.2 */
        public final Map<String, Map<String, Object>> values;

        public SearchPage(List<String> ids, String nextCursor, long total) {
            this(ids, nextCursor, total, Map.of());
        }

        /** @since 1.2 */
        public SearchPage(List<String> ids, String nextCursor, long total, Map<String, Map<String, Object>> values) {
            this.ids = List.copyOf(ids);
            this.nextCursor = nextCursor;
            this.total = total;
            this.values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(values);
        }
    }
}
