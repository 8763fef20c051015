package io.rapport.rest.internal;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
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

import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;

/** {@code /api/v1/tokens}: admins create, list and revoke API tokens. */
@Component(service = TokensResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {
    private static final Set<String> FIELDS = Set.of("name", "role");

    private final TokenStore tokens;

    @Activate
    public TokensResource(@Reference TokenStore tokens) {
        this.tokens = tokens;
    }

    // Location: JAX-RS resolves a relative URI against the application base (/api/v1).
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, Map<String, Object> body) {
        requireAdmin(security);
        JsonObjectReader in = new JsonObjectReader(body).onlyKnown(FIELDS);
        String name = in.string("name", 100);
        String role = in.string("role", 20);
        if (in.raw("name") == null || "".equals(name)) { // a wrong type or length is already reported
            in.error("name", "is required: a name that says who or what uses the token");
        }
        if (role == null) {
            role = RestApi.ROLE_AGENT;
        } else if (!role.equals(RestApi.ROLE_ADMIN) && !role.equals(RestApi.ROLE_AGENT)) {
            in.error("role", "must be 'admin' or 'agent'");
        }
        in.throwIfInvalid();
        TokenDto created = tokens.create(name, role);
        return Response.created(URI.create("tokens/" + created.id)).entity(created).build();
    }

    @GET
    public Page<TokenDto> list(@Context SecurityContext security) {
        requireAdmin(security);
        // Tokens are few; one page holds them all.
        return new Page<>(tokens.list(), null);
    }

    @GET
    @Path("{id}")
    public TokenDto get(@Context SecurityContext security, @PathParam("id") String id) {
        requireAdmin(security);
        return tokens.get(id);
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@Context SecurityContext security, @PathParam("id") String id) {
        requireAdmin(security);
        tokens.revoke(id);
        return Response.noContent().build();
    }

    private static void requireAdmin(SecurityContext security) {
        if (!security.isUserInRole(RestApi.ROLE_ADMIN)) {
            throw ProblemException.forbidden("Only admin tokens may manage tokens.");
        }
    }
}
