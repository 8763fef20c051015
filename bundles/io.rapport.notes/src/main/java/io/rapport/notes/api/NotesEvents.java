package io.rapport.notes.api;

import io.rapport.platform.api.ChangeEvents;

/**
 * Change log topics of notes: model {@code person} or {@code company}, subject its id, data
 * {@value #NOTE_ID}, {@value #EXCERPT} (the first {@value #EXCERPT_LENGTH} characters of the body) and
 * {@value #AUTHOR_NAME}.
 */
public final class NotesEvents {
    public static final String ADDED = "rapport/notes/ADDED";
    public static final String EDITED = "rapport/notes/EDITED";
    public static final String DELETED = "rapport/notes/" + ChangeEvents.DELETED;
    public static final String ALL = "rapport/notes/*";

    public static final String NOTE_ID = "note_id";
    public static final String EXCERPT = "excerpt";
    public static final String AUTHOR_NAME = "author_name";
    public static final int EXCERPT_LENGTH = 200;

    private NotesEvents() {
    }
}
