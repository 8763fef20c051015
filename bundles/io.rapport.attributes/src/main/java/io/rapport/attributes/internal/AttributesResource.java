package io.rapport.attributes.internal;

import java.net.URI;
import java.util.LinkedHashMap;
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

import io.rapport.attributes.api.AttributeDefinition;
import io.rapport.attributes.api.AttributesService;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.RestApi;

/** {@code /api/v1/attributes}: custom attribute definitions, addressed by model and key. */
@Component(service = AttributesResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("attributes")
@Produces(MediaType.APPLICATION_JSON)
public class AttributesResource {
    private final AttributesService attributes;

    @Activate
    public AttributesResource(@Reference AttributesService attributes) {
        this.attributes = attributes;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, Map<String, Object> body) {
        AttributeDefinition d = attributes.define(AttributeJson.read(body), RestApi.actor(security.getUserPrincipal()));
        return Response.created(URI.create("attributes/" + d.model + "/" + d.key)).tag(RestApi.etag(d.version())).entity(d).build();
    }

    @GET
    public Page<AttributeDefinition> list(@QueryParam("model") String model, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        return attributes.definitions(model == null || model.isEmpty() ? null : model, cursor, Page.limit(limit));
    }

    @GET
    @Path("{model}/{key}")
    public Response get(@PathParam("model") String model, @PathParam("key") String key) {
        AttributeDefinition d = attributes.definition(model, key).orElseThrow(() -> AttributesServiceImpl.notFound(model, key));
        return Response.ok(d).tag(RestApi.etag(d.version())).build();
    }

    @PATCH
    @Path("{model}/{key}")
    @Consumes({ RestApi.MERGE_PATCH_JSON, MediaType.APPLICATION_JSON })
    public Response patch(@Context SecurityContext security, @PathParam("model") String model, @PathParam("key") String key,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, Map<String, Object> patch) {
        AttributeDefinition d = attributes.patch(model, key, patch, RestApi.ifMatchVersion(ifMatch), RestApi.actor(security.getUserPrincipal()));
        return Response.ok(d).tag(RestApi.etag(d.version())).build();
    }

    /** 200 with how many values went with the definition, so that the client can tell its users. */
    @DELETE
    @Path("{model}/{key}")
    public Response delete(@Context SecurityContext security, @PathParam("model") String model, @PathParam("key") String key,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        long values = attributes.delete(model, key, RestApi.ifMatchVersion(ifMatch), RestApi.actor(security.getUserPrincipal()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("key", key);
        body.put("deleted", true);
        body.put("values_deleted", values);
        return Response.ok(body).build();
    }
}
