package io.rapport.imports.internal;

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

import io.rapport.imports.api.ImportService;
import io.rapport.imports.api.Job;
import io.rapport.imports.api.JobError;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;

/** {@code /api/v1/jobs}: import jobs, their progress and their failed rows (admin and agent tokens). */
@Component(service = JobsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {
    private final ImportService imports;

    @Activate
    public JobsResource(@Reference ImportService imports) {
        this.imports = imports;
    }

    @GET
    public Page<Job> list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return imports.jobs(cursor, Page.limit(limit));
    }

    @GET
    @Path("{id}")
    public Job get(@PathParam("id") String id) {
        return imports.job(id).orElseThrow(() -> ProblemException.notFound("job", id));
    }

    @GET
    @Path("{id}/errors")
    public Page<JobError> errors(@PathParam("id") String id, @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return imports.errors(id, cursor, Page.limit(limit));
    }
}
