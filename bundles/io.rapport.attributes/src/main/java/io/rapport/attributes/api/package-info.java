/**
 * Custom attributes: their definitions per model, the installed types and the values on profiles. Types
 * themselves are plugged in through {@link io.rapport.attributes.spi}.
 * <p>
 * 1.1: {@link io.rapport.attributes.api.AttributesService#valuesAndStatus}, {@link io.rapport.attributes.api.AttributeValues}
 * and {@link io.rapport.attributes.api.AttributeDefinition#typeAvailable}.
 * <p>
 * 1.2: {@link io.rapport.attributes.api.AttributesService#checkValuesBatch} and
 * {@link io.rapport.attributes.api.AttributesService#setValuesBatch}, for bulk imports.
 */
@Export
@Version("2.0.0")
package io.rapport.attributes.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
