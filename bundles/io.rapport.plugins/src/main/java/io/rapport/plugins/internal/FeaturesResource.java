package io.rapport.plugins.internal;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
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

import io.rapport.platform.api.Page;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;
import io.rapport.plugins.api.FeatureInfo;
import io.rapport.plugins.api.PluginManager;

/** {@code /api/v1/features}: the available and installed features; install with POST /api/v1/plugins. Admin only. */
@Component(service = FeaturesResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("features")
@Produces(MediaType.APPLICATION_JSON)
public class FeaturesResource {
    private final PluginManager plugins;

    @Activate
    public FeaturesResource(@Reference PluginManager plugins) {
        this.plugins = plugins;
    }

    @GET
    public Page<FeatureInfo> list(@Context SecurityContext security) {
        Admin.require(security);
        return new Page<>(plugins.features(), null);
    }

    @GET
    @Path("{name}")
    public FeatureInfo get(@Context SecurityContext security, @PathParam("name") String name) {
        Admin.require(security);
        return plugins.feature(name).orElseThrow(() -> new ProblemException(404, "Not found", "No feature '" + name + "'."));
    }

    @DELETE
    @Path("{name}")
    public Response uninstall(@Context SecurityContext security, @PathParam("name") String name) {
        Admin.require(security);
        plugins.uninstallFeature(name);
        return Response.noContent().build();
    }
}
