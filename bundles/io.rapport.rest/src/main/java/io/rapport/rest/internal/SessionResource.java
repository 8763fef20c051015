package io.rapport.rest.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

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
 * {@code /api/v1/session}: signing in with an email and a password makes a session, kept in an
 * {@code HttpOnly}, {@code SameSite=Strict} cookie ({@code Secure} over HTTPS); {@code GET} answers who is
 * signed in, with the CSRF token that the session's changing requests must carry; {@code DELETE} signs out.
 * Failed sign-ins are throttled per client address and per account.
 */
@Component(service = SessionResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
    private static final Set<String> FIELDS = Set.of("email", "password");

    private final UserStore users;
    private final AuthThrottle throttle;

    @Activate
    public SessionResource(@Reference UserStore users, @Reference AuthThrottle throttle) {
        this.users = users;
        this.throttle = throttle;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response signIn(@Context HttpServletRequest request, Map<String, Object> body) {
        JsonObjectReader in = new JsonObjectReader(body).onlyKnown(FIELDS);
        String email = in.string("email", 254);
        Object password = in.raw("password");
        if (email == null || email.isEmpty()) {
            in.error("email", "is required");
        }
        if (!(password instanceof String) || ((String) password).isEmpty()) {
            in.error("password", "is required");
        }
        in.throwIfInvalid();
        String account = "email:" + email.toLowerCase(java.util.Locale.ROOT);
        long wait = throttle.retryAfterSeconds(account);
        if (wait > 0) { // as the per-address refusal does: when to try again, in the header too
            ProblemException tooMany = new ProblemException(429, "Too many requests", "Too many failed sign-ins to this account; try again in " + wait + " s.");
            return Response.fromResponse(ProblemMapper.response(io.rapport.platform.api.Problem.of(tooMany)))
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(wait)).build();
        }
        Optional<UserEntity> user = users.check(email, (String) password);
        if (user.isEmpty()) {
            throttle.failed(account);
            throttle.failed(request.getRemoteAddr());
            throw new ProblemException(401, "Unauthorized", "The email or the password is wrong (or the user is deactivated).",
                    java.util.List.of(new io.rapport.platform.api.FieldError("password", "does not match the email")));
        }
        return signedIn(request, user.get());
    }

    /** The signed-in user with the session's CSRF token, and the cookie. */
    Response signedIn(HttpServletRequest request, UserEntity user) {
        Map.Entry<String, UserStore.Session> session = users.signIn(user);
        Map<String, Object> answer = UsersResource.json(user);
        answer.put("csrf_token", session.getValue().csrfToken());
        return Response.ok(answer).header(HttpHeaders.SET_COOKIE, cookie(session.getKey(), (int) UserStore.LIFETIME.getSeconds(), request.isSecure()))
                .build();
    }

    @GET
    public Map<String, Object> who(@Context HttpServletRequest request, @Context SecurityContext security) {
        Object session = request.getAttribute(FrontHandler.SESSION_ATTRIBUTE);
        if (session instanceof UserStore.Session s) {
            Map<String, Object> answer = UsersResource.json(users.userOf(s));
            answer.put("csrf_token", s.csrfToken());
            return answer;
        }
        Caller caller = (Caller) security.getUserPrincipal();
        throw new ProblemException(404, "Not found", "'" + caller.name + "' is an API token, not a signed-in user: there is no session.");
    }

    @DELETE
    public Response signOut(@Context HttpServletRequest request) {
        Object session = request.getAttribute(FrontHandler.SESSION_ATTRIBUTE);
        if (session instanceof UserStore.Session s) {
            users.end(s.secretHash());
        }
        return Response.noContent().header(HttpHeaders.SET_COOKIE, cookie("", 0, request.isSecure())).build();
    }

    static String cookie(String value, int maxAgeSeconds, boolean secure) {
        return PublicRoutes.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
