package io.rapport.plugins.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.platform.api.Page;
import io.rapport.platform.api.RestApi;
import io.rapport.plugins.api.BundleInfo;
import io.rapport.plugins.api.PluginManager;

/** {@code GET /api/v1/bundles}: every bundle of the framework, core or plugin. Admin only. */
@Component(service = BundlesResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("bundles")
@Produces(MediaType.APPLICATION_JSON)
public class BundlesResource {
    private final PluginManager plugins;

    @Activate
    public BundlesResource(@Reference PluginManager plugins) {
        this.plugins = plugins;
    }

    @GET
    public Page<BundleInfo> list(@Context SecurityContext security) {
        Admin.require(security);
        return new Page<>(plugins.bundles(), null);
    }
}
