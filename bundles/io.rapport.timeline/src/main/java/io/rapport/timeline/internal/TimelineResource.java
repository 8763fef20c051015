package io.rapport.timeline.internal;

import java.util.LinkedHashSet;
import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.platform.api.Page;
import io.rapport.platform.api.RestApi;
import io.rapport.timeline.api.Timeline;
import io.rapport.timeline.api.TimelineEntry;

/** {@code GET /api/v1/people/{id}/timeline} and {@code /companies/{id}/timeline}. */
@Component(service = TimelineResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("{collection: people|companies}/{id}/timeline")
@Produces(MediaType.APPLICATION_JSON)
public class TimelineResource {
    private final Timeline timeline;
    private final Subjects subjects;

    @Activate
    public TimelineResource(@Reference Timeline timeline, @Reference Subjects subjects) {
        this.timeline = timeline;
        this.subjects = subjects;
    }

    @GET
    public Page<TimelineEntry> entries(@PathParam("collection") String collection, @PathParam("id") String id,
            @QueryParam("type") String type, @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        String model = Subjects.model(collection);
        int pageSize = Page.limit(limit);
        subjects.check(model, id, false);
        Set<String> types = new LinkedHashSet<>();
        if (type != null) {
            for (String t : type.split(",")) {
                if (!t.isBlank()) {
                    types.add(t.trim());
                }
            }
        }
        return timeline.entries(model, id, types, cursor, pageSize);
    }
}
