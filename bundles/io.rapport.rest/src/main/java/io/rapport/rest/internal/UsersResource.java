package io.rapport.rest.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
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

import io.rapport.platform.api.Caller;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.MonotonicClock;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;
import io.rapport.platform.api.Validators;

/**
 * {@code /api/v1/users}: the team members who sign in to the dashboard. Admins add (invite by creating),
 * change (role, name, password, deactivate) and delete them; anyone may read and change their own name and
 * password (with the current one).
 */
@Component(service = UsersResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {
    static final Set<String> CREATE_FIELDS = Set.of("email", "name", "password", "role");
    static final Set<String> PATCH_FIELDS = Set.of("name", "role", "active", "password", "current_password");

    private final UserStore users;

    @Activate
    public UsersResource(@Reference UserStore users) {
        this.users = users;
    }

    @GET
    public Page<Map<String, Object>> list(@Context SecurityContext security) {
        requireAdmin(security);
        List<Map<String, Object>> data = new ArrayList<>();
        users.list().forEach(u -> data.add(json(u)));
        return new Page<>(data, null); // a team fits one page
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, Map<String, Object> body) {
        requireAdmin(security);
        JsonObjectReader in = new JsonObjectReader(body).onlyKnown(CREATE_FIELDS);
        NewUser u = NewUser.read(in, true);
        in.throwIfInvalid();
        UserEntity created = users.create(u.email, u.name, u.password, u.role == null ? RestApi.ROLE_AGENT : u.role, false);
        return Response.created(URI.create("users/" + created.id)).entity(json(created)).build();
    }

    @GET
    @Path("{id}")
    public Map<String, Object> get(@Context SecurityContext security, @PathParam("id") String id) {
        requireSelfOrAdmin(security, id);
        return json(users.get(id));
    }

    @PATCH
    @Path("{id}")
    @Consumes({ RestApi.MERGE_PATCH_JSON, MediaType.APPLICATION_JSON })
    public Map<String, Object> patch(@Context SecurityContext security, @PathParam("id") String id, Map<String, Object> body) {
        requireSelfOrAdmin(security, id);
        boolean admin = security.isUserInRole(RestApi.ROLE_ADMIN);
        JsonObjectReader in = new JsonObjectReader(body).onlyKnown(PATCH_FIELDS);
        String name = in.string("name", 100);
        if (in.has("name") && (name == null || name.isEmpty())) {
            in.error("name", "must not be empty");
        }
        String role = in.string("role", 20);
        if (role != null && !role.equals(RestApi.ROLE_ADMIN) && !role.equals(RestApi.ROLE_AGENT)) {
            in.error("role", "must be 'admin' or 'agent'");
        }
        Boolean active = null;
        if (in.has("active")) {
            if (!(in.raw("active") instanceof Boolean)) {
                in.error("active", "must be true or false");
            } else {
                active = (Boolean) in.raw("active");
            }
        }
        if (!admin && (role != null || active != null)) {
            throw ProblemException.forbidden("Only admins change roles and deactivate users.");
        }
        String password = password(in, "password", false);
        // one's own new password needs the current one, admins included (a session left open must not be
        // enough to take the account); an admin resetting someone else's does not
        boolean self = ((Caller) security.getUserPrincipal()).tokenId.equals(id);
        if (password != null && (self || !admin)) {
            String current = in.string("current_password", Passwords.MAX_LENGTH);
            if (current == null || !users.check(users.get(id).email, current).isPresent()) {
                in.error("current_password", "is not your current password; it is needed to set a new one");
            }
        }
        in.throwIfInvalid();
        return json(users.update(id, name, role, active, password));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        requireAdmin(security);
        users.delete(id);
        return Response.noContent().build();
    }

    static Map<String, Object> json(UserEntity u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id);
        m.put("email", u.email);
        m.put("name", u.name);
        m.put("role", u.role);
        m.put("active", u.active);
        m.put("created_at", MonotonicClock.toInstant(u.createdAt).toString());
        m.put("updated_at", MonotonicClock.toInstant(u.updatedAt).toString());
        return m;
    }

    private static void requireAdmin(SecurityContext security) {
        if (!security.isUserInRole(RestApi.ROLE_ADMIN)) {
            throw ProblemException.forbidden("Only admins manage users.");
        }
    }

    private static void requireSelfOrAdmin(SecurityContext security, String id) {
        Caller caller = (Caller) security.getUserPrincipal();
        if (!security.isUserInRole(RestApi.ROLE_ADMIN) && !caller.tokenId.equals(id)) {
            throw ProblemException.forbidden("Only admins see and change other users.");
        }
    }

    /** The fields of a new user, checked: an email, a name, a password and a role. */
    record NewUser(String email, String name, String password, String role) {
        static NewUser read(JsonObjectReader in, boolean withRole) {
            String email = in.string("email", 254);
            if (email == null || email.isEmpty()) {
                in.error("email", "is required: the address the user signs in with");
            } else if (Validators.normaliseEmail(email) == null) {
                in.error("email", "is not an email address");
            }
            String name = in.string("name", 100);
            if (name == null || name.isEmpty()) {
                in.error("name", "is required: how the team and the timeline name the user");
            }
            String password = UsersResource.password(in, "password", true);
            String role = withRole ? in.string("role", 20) : RestApi.ROLE_ADMIN;
            if (role != null && !role.equals(RestApi.ROLE_ADMIN) && !role.equals(RestApi.ROLE_AGENT)) {
                in.error("role", "must be 'admin' or 'agent'");
            }
            return new NewUser(email, name, password, role);
        }
    }

    /** A password field: null when absent (and not required); at least {@link Passwords#MIN_LENGTH} characters. */
    static String password(JsonObjectReader in, String field, boolean required) {
        Object raw = in.raw(field);
        if (raw == null) {
            if (required) {
                in.error(field, "is required: at least " + Passwords.MIN_LENGTH + " characters");
            }
            return null;
        }
        if (!(raw instanceof String)) {
            in.error(field, "must be a string");
            return null;
        }
        String p = (String) raw; // not trimmed: every character counts
        if (p.length() < Passwords.MIN_LENGTH || p.length() > Passwords.MAX_LENGTH) {
            in.error(field, "must have " + Passwords.MIN_LENGTH + " to " + Passwords.MAX_LENGTH + " characters");
            return null;
        }
        return p;
    }
}
