package io.rapport.platform.ui;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A plugin's part of the dashboard, described entirely by its service properties (Rapport never calls into
 * it): an ES module that the plugin serves over HTTP (an HTTP Whiteboard resource, e.g. under
 * {@code /ui/plugins/<bundle symbolic name>/}), and the custom elements that module defines.
 * <p>
 * For an attribute type ({@link #KIND} {@value #KIND_ATTRIBUTE_TYPE}, {@link #TARGET} the type's name), the
 * dashboard shows values with the {@link #DISPLAY} element and edits them with the {@link #EDITOR} element:
 * both get the value as the property {@code value} (the JSON the API reads and writes for the type) and the
 * attribute's definition as the property {@code definition}; the editor fires a {@code change} event whose
 * {@code detail.value} is the new value. For a channel ({@value #KIND_CHANNEL}, the channel's name), the
 * {@link #MESSAGE} element shows one message, given as the property {@code message}.
 * <p>
 * The dashboard follows these services while it is open: installing the plugin adds the editor to the
 * pages open; removing it falls back to the raw value.
 */
@ConsumerType
public interface UiExtension {
    /** Service property: what the extension is for, {@value #KIND_ATTRIBUTE_TYPE} or {@value #KIND_CHANNEL}. */
    String KIND = "rapport.ui.kind";
    /** Service property: the attribute type's or the channel's name. */
    String TARGET = "rapport.ui.target";
    /** Service property: the URL path of the ES module, absolute on this server (starts with {@code /}). */
    String MODULE = "rapport.ui.module";
    /** Service property: the custom element that edits a value of an attribute type. */
    String EDITOR = "rapport.ui.editor";
    /** Service property: the custom element that shows a value of an attribute type. */
    String DISPLAY = "rapport.ui.display";
    /** Service property: the custom element that shows a message of a channel. */
    String MESSAGE = "rapport.ui.message";

    String KIND_ATTRIBUTE_TYPE = "attribute-type";
    String KIND_CHANNEL = "channel";
}
