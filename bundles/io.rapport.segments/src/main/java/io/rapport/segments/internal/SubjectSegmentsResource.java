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
 * {@code GET /api/v1/people/{id}/segments} and {@code /companies/{id}/segments}: the segments a profile is
 * in now, by name, with their counts (one page: segments are few).
 */
@Component(service = SubjectSegmentsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class SubjectSegmentsResource {
    private final SegmentsService segments;

    @Activate
    public SubjectSegmentsResource(@Reference SegmentsService segments) {
        this.segments = segments;
    }

    @GET
    @Path("people/{id}/segments")
    public Page<Segment> ofPerson(@PathParam("id") String id) {
        return new Page<>(segments.segmentsOf(Models.PERSON, id), null);
    }

    @GET
    @Path("companies/{id}/segments")
    public Page<Segment> ofCompany(@PathParam("id") String id) {
        return new Page<>(segments.segmentsOf(Models.COMPANY, id), null);
    }
}
