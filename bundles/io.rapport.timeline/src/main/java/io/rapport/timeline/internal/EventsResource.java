package io.rapport.timeline.internal;

import java.net.URI;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.platform.api.RestApi;
import io.rapport.timeline.api.Timeline;

/**
 * {@code POST /api/v1/people/{id}/events} (and companies): custom events from clients, such as a page
 * visit. 201 for a new event; 200 with the stored one when the same event (name and time) came before.
 */
@Component(service = EventsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("{collection: people|companies}/{id}/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {
    private final Timeline timeline;
    private final Subjects subjects;

    @Activate
    public EventsResource(@Reference Timeline timeline, @Reference Subjects subjects) {
        this.timeline = timeline;
        this.subjects = subjects;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response record(@Context SecurityContext security, @PathParam("collection") String collection,
            @PathParam("id") String id, Map<String, Object> event) {
        String model = Subjects.model(collection);
        subjects.check(model, id, true);
        Timeline.Recorded r = timeline.recordEvent(model, id, event, RestApi.actor(security.getUserPrincipal()));
        return (r.created ? Response.created(URI.create(collection + "/" + id + "/timeline")) : Response.ok()).entity(r.entry).build();
    }
}
