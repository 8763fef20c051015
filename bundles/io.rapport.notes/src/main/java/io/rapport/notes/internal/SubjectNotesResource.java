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

import io.rapport.platform.api.Profiles;
import io.rapport.platform.api.RestApi;
import io.rapport.notes.api.Note;
import io.rapport.notes.api.NotesService;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.ProblemException;

/** The notes of one person or company: add one, list them newest first. */
public abstract class SubjectNotesResource {
    private final NotesService notes;
    private final Profiles profiles;
    private final String model;

    SubjectNotesResource(NotesService notes, Profiles profiles, String model) {
        this.notes = notes;
        this.profiles = profiles;
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
        // as one step with a deletion of the profile: a note never outlives it
        Note n = profiles.exclusively(model, subjectId, () -> notes.create(model, subjectId, text, RestApi.caller(security.getUserPrincipal())));
        return Response.created(URI.create("notes/" + n.id)).tag(RestApi.etag(n.version())).entity(n).build();
    }

    @GET
    public Page<Note> list(@PathParam("subjectId") String subjectId, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        return notes.list(model, subjectId, cursor, Page.limit(limit));
    }
}
