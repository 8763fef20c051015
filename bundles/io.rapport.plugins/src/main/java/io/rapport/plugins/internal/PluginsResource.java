package io.rapport.plugins.internal;

import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
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

import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;
import io.rapport.plugins.api.FeatureInfo;
import io.rapport.plugins.api.PluginInfo;
import io.rapport.plugins.api.PluginManager;

/** {@code /api/v1/plugins}: list, upload, update and remove plugins, or install a feature by name. Admin only. */
@Component(service = PluginsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginsResource {
    static final String JAR = "application/java-archive";

    private final PluginManager plugins;

    @Activate
    public PluginsResource(@Reference PluginManager plugins) {
        this.plugins = plugins;
    }

    @GET
    public Page<PluginInfo> list(@Context SecurityContext security) {
        Admin.require(security);
        return new Page<>(plugins.list(), null);
    }

    @GET
    @Path("{symbolicName}")
    public PluginInfo get(@Context SecurityContext security, @PathParam("symbolicName") String symbolicName) {
        Admin.require(security);
        return plugins.get(symbolicName).orElseThrow(() -> new ProblemException(404, "Not found",
                "No plugin with symbolic name '" + symbolicName + "'. Core bundles are listed at /api/v1/bundles."));
    }

    @POST
    @Consumes({ JAR, "application/x-java-archive", MediaType.APPLICATION_OCTET_STREAM, "application/zip" })
    public Response upload(@Context SecurityContext security, @QueryParam("file_name") String fileName, InputStream jar) {
        Admin.require(security);
        PluginInfo p = plugins.install(fileName == null || fileName.isBlank() ? "upload" : fileName, jar);
        return Response.created(URI.create("plugins/" + p.symbolicName)).entity(p).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response installFeature(@Context SecurityContext security, Map<String, Object> body) {
        Admin.require(security);
        JsonObjectReader r = new JsonObjectReader(body).onlyKnown(Set.of("feature"));
        String name = r.string("feature", 100);
        if (name == null || name.isBlank()) {
            r.error("feature", "is required: the name of a feature in features/, e.g. \"rapport-webhook\"");
        }
        r.throwIfInvalid();
        FeatureInfo f = plugins.installFeature(name);
        return Response.created(URI.create("features/" + f.name)).entity(f).build();
    }

    @PUT
    @Path("{symbolicName}")
    @Consumes({ JAR, "application/x-java-archive", MediaType.APPLICATION_OCTET_STREAM, "application/zip" })
    public PluginInfo update(@Context SecurityContext security, @PathParam("symbolicName") String symbolicName, InputStream jar) {
        Admin.require(security);
        return plugins.update(symbolicName, jar);
    }

    @DELETE
    @Path("{symbolicName}")
    public Response uninstall(@Context SecurityContext security, @PathParam("symbolicName") String symbolicName) {
        Admin.require(security);
        plugins.uninstall(symbolicName);
        return Response.noContent().build();
    }
}
