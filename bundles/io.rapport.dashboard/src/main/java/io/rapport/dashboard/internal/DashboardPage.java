package io.rapport.dashboard.internal;

import java.io.IOException;

import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /}: the dashboard's page. The JAX-RS whiteboard's default application serves the root of the
 * server (as it serves {@code /health}), and the HTTP Whiteboard gives it precedence at {@code /}: so the
 * page is a resource of that application, and the rest of the dashboard's files come from
 * {@link DashboardServlet}.
 */
@Component(service = DashboardPage.class)
@JaxrsResource
@Path("/")
public class DashboardPage {
    private final StaticFiles files;

    @Activate
    public DashboardPage(@Reference StaticFiles files) {
        this.files = files;
    }

    @GET
    public Response page(@HeaderParam("If-None-Match") String ifNoneMatch) throws IOException {
        StaticFiles.File f = files.file("/index.html");
        if (f == null) {
            return Response.status(404).build();
        }
        Response.ResponseBuilder r = f.etag().equals(ifNoneMatch) ? Response.notModified() : Response.ok(f.bytes());
        return r.type(f.type()).header("ETag", f.etag()).header("Cache-Control", "no-cache").header("Content-Security-Policy", f.policy())
                .build();
    }
}
