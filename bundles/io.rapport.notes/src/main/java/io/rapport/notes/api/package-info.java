/**
 * Notes: what the team writes about a person or company. Other bundles use
 * {@link io.rapport.notes.api.NotesService} and the change log topics of {@link io.rapport.notes.api.NotesEvents},
 * never the notes tables.
 */
@Export
@Version("1.0.0")
package io.rapport.notes.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
