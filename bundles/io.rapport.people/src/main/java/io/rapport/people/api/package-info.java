/**
 * People: the individuals a support team talks to. Other bundles (companies, tags, channels, the
 * timeline) use {@link io.rapport.people.api.PeopleService} and listen to its events, never its tables.
 */
@Export
@Version("2.0.0")
package io.rapport.people.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
