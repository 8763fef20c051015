package io.rapport.segments.internal;

import java.net.URI;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
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

import io.rapport.platform.api.Page;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;
import io.rapport.segments.api.MembersPage;
import io.rapport.segments.api.Segment;
import io.rapport.segments.api.SegmentsService;

/** {@code /api/v1/segments}: saved queries with live counts, and their members. */
@Component(service = SegmentsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("segments")
@Produces(MediaType.APPLICATION_JSON)
public class SegmentsResource {
    private final SegmentsService segments;

    @Activate
    public SegmentsResource(@Reference SegmentsService segments) {
        this.segments = segments;
    }

    // Location: JAX-RS resolves a relative URI against the application base (/api/v1).
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, Map<String, Object> body) {
        Segment s = segments.create(SegmentJson.read(body), RestApi.actor(security.getUserPrincipal()));
        return Response.created(URI.create("segments/" + s.id)).tag(RestApi.etag(s.version())).entity(s).build();
    }

    @GET
    public Page<Segment> list(@QueryParam("model") String model, @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return segments.list(model, cursor, Page.limit(limit));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Segment s = segments.get(id).orElseThrow(() -> ProblemException.notFound("segment", id));
        return Response.ok(s).tag(RestApi.etag(s.version())).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes({ RestApi.MERGE_PATCH_JSON, MediaType.APPLICATION_JSON })
    public Response patch(@Context SecurityContext security, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, Map<String, Object> patch) {
        Segment s = segments.patch(id, patch, RestApi.ifMatchVersion(ifMatch), RestApi.actor(security.getUserPrincipal()));
        return Response.ok(s).tag(RestApi.etag(s.version())).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        segments.delete(id, RestApi.ifMatchVersion(ifMatch), RestApi.actor(security.getUserPrincipal()));
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/members")
    public MembersPage members(@PathParam("id") String id, @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return segments.members(id, cursor, Page.limit(limit));
    }
}
