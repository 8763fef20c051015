/**
 * The search SPI: how a bundle makes the fields it owns searchable. Each bundle registers a
 * {@link io.rapport.platform.search.SearchFieldProvider} for the models it has fields of; the search
 * bundle looks providers up dynamically, loads their values into its index and keeps it fresh from the
 * change log. A field whose provider's bundle is not running is not searchable (a query naming it is
 * a 400 saying so).
 */
@Export
@Version("1.0.0")
package io.rapport.platform.search;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
