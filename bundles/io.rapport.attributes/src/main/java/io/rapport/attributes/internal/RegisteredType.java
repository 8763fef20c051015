package io.rapport.attributes.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.StorageKind;

/** An installed type with what it said of itself when it arrived, so that requests need not ask it again. */
final class RegisteredType {
    final String name;
    final String label;
    final StorageKind storage;
    final boolean usesOptions;
    final ServiceReference<AttributeType> ref;
    final AttributeType type;
    /** The bundle that registered it when that is a plugin, called through the guard; null for our own types. */
    final Bundle plugin;

    RegisteredType(String name, String label, StorageKind storage, boolean usesOptions, ServiceReference<AttributeType> ref,
            AttributeType type, Bundle plugin) {
        this.name = name;
        this.label = label;
        this.storage = storage;
        this.usesOptions = usesOptions;
        this.ref = ref;
        this.type = type;
        this.plugin = plugin;
    }

    /** For messages: the plugin's symbolic name, or this bundle's. */
    String owner() {
        return plugin == null ? "io.rapport.attributes" : plugin.getSymbolicName();
    }
}
