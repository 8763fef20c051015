package io.rapport.segments.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.platform.api.Models;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.RestApi;
import io.rapport.segments.api.Segment;
import io.rapport.segments.api.SegmentsService;

/**
 * {@code GET /api/v1/people/{id}/segments}: the segments the profile is in now, by name, with their counts (one
 * page: segments are few). Its own root path, as the tags' resources have: a root resource at {@code people}
 * would not be chosen for it, since JAX-RS matches a request to one root resource first.
 */
@Component(service = PersonSegmentsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("people/{id}/segments")
@Produces(MediaType.APPLICATION_JSON)
public class PersonSegmentsResource {
    private final SegmentsService segments;

    @Activate
    public PersonSegmentsResource(@Reference SegmentsService segments) {
        this.segments = segments;
    }

    @GET
    public Page<Segment> list(@PathParam("id") String id) {
        return new Page<>(segments.segmentsOf(Models.PERSON, id), null);
    }
}
