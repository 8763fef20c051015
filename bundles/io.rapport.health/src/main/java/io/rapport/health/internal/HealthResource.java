package io.rapport.health.internal;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.platform.api.Caller;
import io.rapport.platform.api.RestApi;

/**
 * {@code GET /health}, on the default JAX-RS application so that it answers even when the API application
 * is down: 200 when UP or DEGRADED, 503 when DOWN. Without credentials it says only the status; with an
 * admin token ({@code Authorization: Bearer}, checked by the HTTP front) it names every problem and why.
 * It answers from memory ({@link HealthMonitor}): probes and load balancers call it often, without a token.
 */
@Component(service = HealthResource.class)
@JaxrsResource
@Path("health")
public class HealthResource {
    private final HealthMonitor monitor;

    @Activate
    public HealthResource(@Reference HealthMonitor monitor) {
        this.monitor = monitor;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health(@Context HttpServletRequest request) {
        HealthMonitor.Snapshot s = monitor.snapshot();
        Object caller = request == null ? null : request.getAttribute(RestApi.CALLER_ATTRIBUTE);
        boolean admin = caller instanceof Caller && ((Caller) caller).isAdmin();
        return Response.status(s.code()).type(MediaType.APPLICATION_JSON).entity(admin ? s.details() : s.summary()).build();
    }
}
