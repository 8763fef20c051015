package io.rapport.search.internal;

import java.util.List;
import java.util.Map;

import io.rapport.platform.errors.UnavailableException;
import io.rapport.platform.errors.DomainException;
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

    /**
     * The page's items with, when the search asked for {@code fields}, each item's values of them under
     * {@code "fields"}: the item as the API writes it, one key more.
     */
    static SearchResult of(List<?> items, SearchService.SearchPage page, java.util.function.Function<Object, String> idOf) {
        if (page.values.isEmpty()) {
            return new SearchResult(items, page.nextCursor, page.total);
        }
        List<Map<String, Object>> data = new java.util.ArrayList<>(items.size());
        for (Object item : items) {
            @SuppressWarnings("unchecked")
            Map<String, Object> json = item instanceof Map ? new java.util.LinkedHashMap<>((Map<String, Object>) item)
                    : io.rapport.platform.json.Json.MAPPER.convertValue(item, java.util.LinkedHashMap.class);
            json.put("fields", page.values.getOrDefault(idOf.apply(item), Map.of()));
            data.add(json);
        }
        return new SearchResult(data, page.nextCursor, page.total);
    }

    static Map<String, Object> body(Map<String, Object> body) {
        return body == null ? Map.of() : body;
    }

    static DomainException unavailable(String bundle) {
        return new UnavailableException("The " + bundle + " bundle, which keeps the items found, is not running.");
    }

    static SearchService.SearchPage run(SearchService search, String model, Map<String, Object> body) {
        return search.search(model, body(body));
    }
}
