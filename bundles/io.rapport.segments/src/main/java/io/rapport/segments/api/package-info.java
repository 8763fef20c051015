/**
 * Segments: named, saved search queries over people or companies, with a live member count, their
 * members, and change-log entries when a profile enters or leaves one
 * ({@link io.rapport.segments.api.SegmentsEvents}).
 */
@Export
@Version("1.1.0")
package io.rapport.segments.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
