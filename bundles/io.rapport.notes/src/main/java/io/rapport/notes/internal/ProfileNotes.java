package io.rapport.notes.internal;

/**
 * What the notes bundle's cleanup needs of the notes service beyond its API: registered by
 * {@link NotesServiceImpl} under this bundle-private interface, so it is taken as a service, not by a cast.
 */
interface ProfileNotes {
    /** Removes every note of a deleted profile and answers how many; none when there are none. */
    int forget(String model, String subjectId);
}
