package io.rapport.segments.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.errors.UnavailableException;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.search.SearchField;
import io.rapport.search.api.SearchService;

/** A search over subjects with one text field each, queries {@code {"field": "plan", "value": v}} only. */
final class FakeSearch implements SearchService {
    final Map<String, String> plans = new ConcurrentHashMap<>();
    final Set<String> unavailableFields = ConcurrentHashMap.newKeySet();
    final AtomicInteger searches = new AtomicInteger();
    volatile long searchDelayMillis;
    /** Counted down each time a search has read the state (before its delay). */
    volatile java.util.concurrent.CountDownLatch searched = new java.util.concurrent.CountDownLatch(1);
    volatile boolean loading;

    @Override
    public SearchPage search(String model, Map<String, Object> body) {
        searches.incrementAndGet();
        Query q = compile(model, body.get("query"));
        int limit = ((Number) body.get("limit")).intValue();
        String cursor = (String) body.get("cursor");
        List<String> all = new ArrayList<>();
        new TreeMap<>(plans).forEach((id, plan) -> {
            if (matches(q, id)) {
                all.add(id);
            }
        });
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int to = Math.min(all.size(), from + limit);
        searched.countDown();
        // slow after reading, so that what changes meanwhile is not in the answer
        if (searchDelayMillis > 0) {
            try {
                Thread.sleep(searchDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new SearchPage(all.subList(from, to), to < all.size() ? Integer.toString(to) : null, all.size());
    }

    @Override
    public Query compile(String model, Object query) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) query;
        String field = (String) m.get("field");
        if (!"plan".equals(field)) {
            throw new InvalidException("query.field", "unknown field '" + field + "'");
        }
        if (unavailableFields.contains(field)) {
            throw new InvalidException("query.field", "the field 'plan' is not searchable now: its bundle is not running");
        }
        String value = (String) m.get("value");
        return new Query() {
            @Override
            public String model() {
                return model;
            }

            @Override
            public Object json() {
                return query;
            }

            @Override
            public Set<String> fields() {
                return Set.of(field);
            }

            @Override
            public String toString() {
                return value;
            }
        };
    }

    @Override
    public long count(Query query) {
        return plans.keySet().stream().filter(id -> matches(query, id)).count();
    }

    @Override
    public boolean matches(Query query, String subjectId) {
        if (loading) {
            throw new UnavailableException("The search index is loading 'plan'.");
        }
        if (unavailableFields.contains("plan")) {
            throw new InvalidException("query.field", "the field 'plan' is not searchable now: its bundle is not running");
        }
        return query.toString().equals(plans.get(subjectId));
    }

    @Override
    public List<SearchField> fields(String model) {
        return List.of();
    }
}
