/**
 * Custom attributes: their definitions per model, the installed types and the values on profiles. Types
 * themselves are plugged in through {@link io.rapport.attributes.spi}.
 */
@Export
@Version("1.0.0")
package io.rapport.attributes.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
