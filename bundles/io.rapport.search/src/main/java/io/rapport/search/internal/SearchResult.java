package io.rapport.search.internal;

import java.util.List;
import java.util.Map;

import io.rapport.platform.api.ProblemException;
import io.rapport.search.api.SearchService;

/** What the search endpoints answer: a list page plus the number of all matches. */
public final class SearchResult {
    public final List<?> data;
    public final String nextCursor;
    public final long total;

    SearchResult(List<?> data, String nextCursor, long total) {
        this.data = data;
        this.nextCursor = nextCursor;
        this.total = total;
    }

    static Map<String, Object> body(Map<String, Object> body) {
        return body == null ? Map.of() : body;
    }

    static ProblemException unavailable(String bundle) {
        return new ProblemException(503, "Service unavailable", "The " + bundle + " bundle, which keeps the items found, is not running.");
    }

    static SearchService.SearchPage run(SearchService search, String model, Map<String, Object> body) {
        return search.search(model, body(body));
    }
}
