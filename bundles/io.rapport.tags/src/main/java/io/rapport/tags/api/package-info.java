/**
 * Tags: named labels on people and companies. Other bundles use
 * {@link io.rapport.tags.api.TagsService} and the change log topics of {@link io.rapport.tags.api.TagsEvents},
 * never the tags tables.
 */
@Export
@Version("1.1.0")
package io.rapport.tags.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
