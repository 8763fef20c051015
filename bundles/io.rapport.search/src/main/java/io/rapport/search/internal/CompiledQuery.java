package io.rapport.search.internal;

import java.util.Set;

import io.rapport.search.api.SearchService;

/** A checked query, kept as given: it is planned again when run, against the fields of that moment. */
final class CompiledQuery implements SearchService.Query {
    private final String model;
    private final Object json;
    private final Set<String> fields;
    /** The last plan, and the field declarations it was made against (planned again when they change). */
    volatile Plan plan;

    static final class Plan {
        final Object declarations;
        final QueryNode node;
        final Set<String> fields;

        Plan(Object declarations, QueryNode node, Set<String> fields) {
            this.declarations = declarations;
            this.node = node;
            this.fields = fields;
        }
    }

    CompiledQuery(String model, Object json, Set<String> fields) {
        this.model = model;
        this.json = json;
        this.fields = Set.copyOf(fields);
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public Object json() {
        return json;
    }

    @Override
    public Set<String> fields() {
        return fields;
    }

    @Override
    public String toString() {
        return model + " " + json;
    }
}
