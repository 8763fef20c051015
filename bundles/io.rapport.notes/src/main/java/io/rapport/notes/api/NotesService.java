package io.rapport.notes.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.Caller;
import io.rapport.platform.api.Page;

/**
 * Notes on people and companies. Failures are the kinds of {@code io.rapport.platform.errors}: invalid
 * naming {@code body}, not found for an unknown note, person or company, forbidden when the caller is
 * neither the author nor an admin, stale version when {@code expectedVersion} (from If-Match; null means
 * any) is stale, unavailable when the bundle that knows the profiles of {@code model} is not running. {@code model} is {@code person} or {@code company}. Every
 * change is recorded in the change log ({@link NotesEvents}).
 */
@ProviderType
public interface NotesService {
    /** The longest body, in characters (Unicode code points). */
    int MAX_BODY = 65536;

    /** Adds a note by {@code author} to a profile that exists. */
    Note create(String model, String subjectId, String body, Caller author);

    Optional<Note> get(String id);

    /** The notes of a profile, newest first. */
    Page<Note> list(String model, String subjectId, String cursor, int limit);

    /** How many notes a profile has. */
    long count(String model, String subjectId);

    /** Replaces the body; only the author or an admin may. Sets {@code edited_at} when the body changes. */
    Note edit(String id, String body, Long expectedVersion, Caller caller);

    /** Deletes a note; only the author or an admin may. */
    void delete(String id, Long expectedVersion, Caller caller);
}
