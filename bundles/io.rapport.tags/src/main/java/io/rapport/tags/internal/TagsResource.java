package io.rapport.tags.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;
import io.rapport.tags.api.Tag;
import io.rapport.tags.api.TagsService;

/** {@code /api/v1/tags}: the tags, and tagging many people or companies in one call. */
@Component(service = TagsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("tags")
@Produces(MediaType.APPLICATION_JSON)
public class TagsResource {
    private static final Set<String> BULK_FIELDS = Set.of("add", "remove");

    private final TagsService tags;

    @Activate
    public TagsResource(@Reference TagsService tags) {
        this.tags = tags;
    }

    // Location: JAX-RS resolves a relative URI against the application base (/api/v1).
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, Map<String, Object> body) {
        Tag t = tags.create(TagJson.read(body, false), RestApi.actor(security.getUserPrincipal()));
        return Response.created(URI.create("tags/" + t.id)).tag(RestApi.etag(t.version())).entity(t).build();
    }

    @GET
    public Page<Tag> list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return tags.list(cursor, Page.limit(limit));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Tag t = tags.get(id).orElseThrow(() -> ProblemException.notFound("tag", id));
        return Response.ok(t).tag(RestApi.etag(t.version())).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes({ RestApi.MERGE_PATCH_JSON, MediaType.APPLICATION_JSON })
    public Response patch(@Context SecurityContext security, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, Map<String, Object> patch) {
        Tag t = tags.patch(id, patch, RestApi.ifMatchVersion(ifMatch), RestApi.actor(security.getUserPrincipal()));
        return Response.ok(t).tag(RestApi.etag(t.version())).build();
    }

    /** 200 with what was removed: {@code {"id": ..., "removed_from": {"people": n, "companies": m}}}. */
    @DELETE
    @Path("{id}")
    public TagsService.Deleted delete(@Context SecurityContext security, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return tags.delete(id, RestApi.ifMatchVersion(ifMatch), RestApi.actor(security.getUserPrincipal()));
    }

    @POST
    @Path("{id}/people")
    @Consumes(MediaType.APPLICATION_JSON)
    public TagsService.Bulk bulkPeople(@Context SecurityContext security, @PathParam("id") String id, Map<String, Object> body) {
        return bulk(security, id, Models.PERSON, body);
    }

    @POST
    @Path("{id}/companies")
    @Consumes(MediaType.APPLICATION_JSON)
    public TagsService.Bulk bulkCompanies(@Context SecurityContext security, @PathParam("id") String id, Map<String, Object> body) {
        return bulk(security, id, Models.COMPANY, body);
    }

    private TagsService.Bulk bulk(SecurityContext security, String tagId, String model, Map<String, Object> body) {
        JsonObjectReader in = new JsonObjectReader(body).onlyKnown(BULK_FIELDS);
        List<String> add = in.strings("add", TagsService.MAX_BULK_IDS, 100);
        List<String> remove = in.strings("remove", TagsService.MAX_BULK_IDS, 100);
        in.throwIfInvalid();
        return tags.bulk(tagId, model, add, remove, RestApi.actor(security.getUserPrincipal()));
    }
}
