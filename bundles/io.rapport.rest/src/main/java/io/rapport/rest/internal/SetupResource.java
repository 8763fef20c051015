package io.rapport.rest.internal;

import java.util.Map;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.platform.api.Caller;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;

/**
 * {@code /api/v1/setup}: the first admin of a new runtime. As Jenkins asks for its initial password, the
 * dashboard asks for the admin token in {@code data/admin-token}, which only whoever runs the server can
 * read, and then for the admin's email, name and password. Once any user exists, it is a 409.
 */
@Component(service = SetupResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("setup")
@Produces(MediaType.APPLICATION_JSON)
public class SetupResource {
    private static final Set<String> FIELDS = Set.of("token", "email", "name", "password");

    private final UserStore users;
    private final TokenStore tokens;
    private final AuthThrottle throttle;
    private final SessionResource sessions;

    @Activate
    public SetupResource(@Reference UserStore users, @Reference TokenStore tokens, @Reference AuthThrottle throttle,
            @Reference SessionResource sessions) {
        this.users = users;
        this.tokens = tokens;
        this.throttle = throttle;
        this.sessions = sessions;
    }

    /** Whether the first admin is still to be made. */
    @GET
    public Map<String, Object> status() {
        return Map.of("needed", !users.anyUser());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setUp(@Context HttpServletRequest request, Map<String, Object> body) {
        if (users.anyUser()) {
            throw new ProblemException(409, "Conflict", "Rapport is set up already: sign in, or ask an admin to add you.");
        }
        JsonObjectReader in = new JsonObjectReader(body).onlyKnown(FIELDS);
        String token = in.string("token", 200);
        Caller admin = token == null ? null : tokens.authenticate(token).filter(Caller::isAdmin).orElse(null);
        if (admin == null) {
            in.error("token", "is not the admin token: copy it from data/admin-token in Rapport's home folder");
        }
        UsersResource.NewUser user = UsersResource.NewUser.read(in, false);
        if (admin == null && token != null && !token.isEmpty()) {
            throttle.failed(request.getRemoteAddr());
        }
        in.throwIfInvalid();
        UserEntity created = users.create(user.email(), user.name(), user.password(), RestApi.ROLE_ADMIN, true);
        Response signedIn = sessions.signedIn(request, created);
        return Response.status(201).entity(signedIn.getEntity()).header(javax.ws.rs.core.HttpHeaders.SET_COOKIE,
                signedIn.getHeaderString(javax.ws.rs.core.HttpHeaders.SET_COOKIE)).build();
    }
}
