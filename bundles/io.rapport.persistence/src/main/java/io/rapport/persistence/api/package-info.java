/**
 * The database every Rapport bundle shares. A bundle keeps its own tables in its own persistence unit
 * and opens it with {@link io.rapport.persistence.api.Database#open}; where the database is (embedded
 * Derby by default, PostgreSQL by one setting) is the concern of this bundle's configuration alone.
 */
@Export
@Version("2.0.0")
package io.rapport.persistence.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
