/**
 * Types every Rapport bundle shares: list pages and their cursors, problems (RFC 9457 errors),
 * field validation of JSON objects, JSON merge patch, change events and the REST conventions.
 */
@Export
@Version("1.5.0")
package io.rapport.platform.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
