package io.rapport.notes.internal;

import java.net.URI;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PathParam;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import io.rapport.notes.api.Note;
import io.rapport.notes.api.NotesService;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.ProblemException;

/** The notes of one person or company: add one, list them newest first. */
public abstract class SubjectNotesResource {
    private final NotesService notes;
    private final String model;

    SubjectNotesResource(NotesService notes, String model) {
        this.notes = notes;
        this.model = model;
    }

    // Location: JAX-RS resolves a relative URI against the application base (/api/v1).
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, @PathParam("subjectId") String subjectId, Map<String, Object> body) {
        String text = NoteJson.body(body);
        if (text == null) {
            throw ProblemException.invalid("body", "is required: the text of the note, 1 to " + NotesService.MAX_BODY + " characters");
        }
        Note n = notes.create(model, subjectId, text, NotesResource.caller(security));
        return Response.created(URI.create("notes/" + n.id)).tag(NotesResource.etag(n)).entity(n).build();
    }

    @GET
    public Page<Note> list(@PathParam("subjectId") String subjectId, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        return notes.list(model, subjectId, cursor, Page.limit(limit));
    }
}
