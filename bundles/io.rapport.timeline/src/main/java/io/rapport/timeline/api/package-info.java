/**
 * Activity timeline (from the change log, custom events).
 */
@Export
@Version("1.0.0")
package io.rapport.timeline.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
