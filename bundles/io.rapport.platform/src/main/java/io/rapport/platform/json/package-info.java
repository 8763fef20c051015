/**
 * The one JSON mapping of Rapport ({@link io.rapport.platform.json.Json#MAPPER}) and the strict reading of
 * JSON that a client sent: UTF-8 only, bounded depth, names, strings and numbers, no lone surrogates.
 */
@Export
@Version("2.0.0")
package io.rapport.platform.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
