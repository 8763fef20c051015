package io.rapport.notes.internal;

import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.notes.api.Note;
import io.rapport.notes.api.NotesService;
import io.rapport.platform.api.Caller;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;

/** {@code /api/v1/notes/{id}}: read, edit and delete one note (edits and deletes by its author or an admin). */
@Component(service = NotesResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("notes")
@Produces(MediaType.APPLICATION_JSON)
public class NotesResource {
    private final NotesService notes;

    @Activate
    public NotesResource(@Reference NotesService notes) {
        this.notes = notes;
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Note n = notes.get(id).orElseThrow(() -> ProblemException.notFound("note", id));
        return Response.ok(n).tag(RestApi.etag(n.version())).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes({ RestApi.MERGE_PATCH_JSON, MediaType.APPLICATION_JSON })
    public Response patch(@Context SecurityContext security, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, Map<String, Object> patch) {
        Note n = notes.edit(id, NoteJson.body(patch), RestApi.ifMatchVersion(ifMatch), RestApi.caller(security.getUserPrincipal()));
        return Response.ok(n).tag(RestApi.etag(n.version())).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        notes.delete(id, RestApi.ifMatchVersion(ifMatch), RestApi.caller(security.getUserPrincipal()));
        return Response.noContent().build();
    }
}
