/**
 * Companies: the organisations people belong to, and the links between the two. Other bundles (tags,
 * notes, attributes, the timeline) use {@link io.rapport.companies.api.CompaniesService} and its changes
 * on {@link io.rapport.companies.api.CompanyEvents} topics, never its tables.
 */
@Export
@Version("1.2.0")
package io.rapport.companies.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
