package io.rapport.imports.internal;

import java.io.InputStream;
import java.net.URI;

import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
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

import io.rapport.imports.api.ImportService;
import io.rapport.imports.api.Job;
import io.rapport.platform.api.Caller;
import io.rapport.platform.api.RestApi;

/** {@code POST /api/v1/people/import}: starts an import job (admin and agent tokens). */
@Component(service = ImportsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("people/import")
@Produces(MediaType.APPLICATION_JSON)
public class ImportsResource {
    private final ImportService imports;

    @Activate
    public ImportsResource(@Reference ImportService imports) {
        this.imports = imports;
    }

    // Location: JAX-RS resolves a relative URI against the application base (/api/v1).
    @POST
    @Consumes({ ImportService.NDJSON, "application/ndjson", ImportService.CSV })
    public Response start(@Context SecurityContext security, @Context HttpHeaders headers, InputStream body) {
        Caller caller = security.getUserPrincipal() instanceof Caller ? (Caller) security.getUserPrincipal() : null;
        String actor = RestApi.actor(security.getUserPrincipal());
        Job job = imports.importPeople(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body, actor, caller == null ? null : caller.tokenId);
        return Response.accepted(job).location(URI.create("jobs/" + job.id)).build();
    }

    /** Any other body: a 415 that says what to send (the default one speaks of JSON). */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response otherType(@Context HttpHeaders headers) {
        ImportServiceImpl.format(headers.getHeaderString(HttpHeaders.CONTENT_TYPE));
        throw new IllegalStateException("unreachable: format() accepts only the types of start()");
    }
}
