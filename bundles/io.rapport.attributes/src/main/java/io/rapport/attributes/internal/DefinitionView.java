package io.rapport.attributes.internal;

import java.util.List;

import io.rapport.attributes.spi.AttributeDefinitionView;

/** A definition as types see it: immutable, detached from the entity manager. */
final class DefinitionView implements AttributeDefinitionView {
    final String id;
    final long version;
    private final String model;
    private final String key;
    private final String label;
    private final String type;
    private final List<String> options;
    final boolean archived;

    DefinitionView(DefinitionEntity e, List<String> options) {
        this.id = e.id;
        this.version = e.version;
        this.model = e.model;
        this.key = e.key;
        this.label = e.label;
        this.type = e.type;
        this.options = List.copyOf(options);
        this.archived = e.archived;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public List<String> options() {
        return options;
    }
}
