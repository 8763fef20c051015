/**
 * How plugins show up in the dashboard: a plugin registers a {@link io.rapport.platform.ui.UiExtension}
 * naming an ES module it serves, and the custom elements that module defines.
 */
@Export
@Version("1.0.0")
package io.rapport.platform.ui;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
