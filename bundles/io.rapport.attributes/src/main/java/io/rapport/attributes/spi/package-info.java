/**
 * The attribute type SPI: what a plugin implements to add a type of custom attribute (for example a
 * score, a currency amount or a country). A type is an {@link io.rapport.attributes.spi.AttributeType}
 * registered as an OSGi service; Rapport's own types (text, number, boolean, date, datetime, list,
 * multi-list, url, email) are registered exactly the same way.
 * <p>
 * 1.1: {@link io.rapport.attributes.spi.AttributeType#checkOptions}, a default method (types built
 * against 1.0 work unchanged).
 */
@Export
@Version("1.1.0")
package io.rapport.attributes.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
