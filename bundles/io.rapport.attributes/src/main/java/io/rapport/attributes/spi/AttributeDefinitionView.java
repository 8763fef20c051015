package io.rapport.attributes.spi;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** What a type may know about the attribute a value belongs to. Rapport implements it. */
@ProviderType
public interface AttributeDefinitionView {
    /** {@code person} or {@code company}. */
    String model();

    /** The attribute's machine name, e.g. {@code plan}. */
    String key();

    String label();

    /** The type's name, as {@link AttributeType#name()}. */
    String type();

    /** The allowed values, in order, for types that {@link AttributeType#usesOptions() use options}; empty otherwise. */
    List<String> options();
}
