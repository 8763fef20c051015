package io.rapport.rest.internal;

import java.util.Set;

import javax.annotation.Priority;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.rapport.platform.api.RestApi;

/** {@code OPTIONS} on the API: 204 with the methods the path really answers ({@link Routes}); 404 for no route. */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName(OptionsFilter.NAME)
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@PreMatching
@Priority(Priorities.AUTHENTICATION + 10) // after the token is checked
public class OptionsFilter implements ContainerRequestFilter {
    static final String NAME = "rapport.options";

    private final Routes routes;

    @Activate
    public OptionsFilter(@Reference Routes routes) {
        this.routes = routes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
            return;
        }
        Set<String> allowed = routes.allowed("/" + request.getUriInfo().getPath(true).replaceFirst("^/", ""));
        if (!allowed.isEmpty()) {
            request.abortWith(Response.noContent().header(HttpHeaders.ALLOW, String.join(", ", allowed)).build());
        }
    }
}
