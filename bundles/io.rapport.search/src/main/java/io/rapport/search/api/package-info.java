/**
 * Search over people and companies: the query language of {@code POST /api/v1/people/search} and
 * {@code /api/v1/companies/search}, for other bundles too (segments keep saved queries).
 */
@Export
@Version("1.2.0")
package io.rapport.search.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
