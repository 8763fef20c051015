/**
 * Bulk imports: files of rows (NDJSON or CSV) turned into people, with their tags and custom attributes,
 * by background jobs that report each failed row.
 */
@Export
@Version("1.0.0")
package io.rapport.imports.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
