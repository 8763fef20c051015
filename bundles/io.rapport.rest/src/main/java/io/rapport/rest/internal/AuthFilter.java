package io.rapport.rest.internal;

import java.security.Principal;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.rapport.platform.api.Caller;
import io.rapport.platform.api.Problem;
import io.rapport.platform.api.RestApi;

/**
 * Every {@code /api/v1} request needs {@code Authorization: Bearer <token>}; otherwise 401. The HTTP front
 * ({@link FrontHandler}) has checked the token before the body was read and left the caller as a request
 * property; this filter makes it the request's security context (and checks the header itself when the
 * front is not in place: the API is never open).
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName(AuthFilter.NAME)
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {
    static final String NAME = "rapport.auth";

    private final TokenStore tokens;

    @Activate
    public AuthFilter(@Reference TokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Object authenticated = request.getProperty(RestApi.CALLER_ATTRIBUTE);
        if (authenticated instanceof Caller) {
            secure(request, (Caller) authenticated);
            return;
        }
        if (PublicRoutes.isPublic(request.getMethod(), request.getUriInfo().getRequestUri().getPath())) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            deny(request, "This API needs 'Authorization: Bearer <token>'. The admin token of a new runtime is in data/admin-token.");
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            deny(request, "Use the Bearer scheme: 'Authorization: Bearer <token>'.");
            return;
        }
        Caller caller = tokens.authenticate(header.substring(7).trim()).orElse(null);
        if (caller == null) {
            deny(request, "The bearer token is not valid (unknown or revoked).");
            return;
        }
        secure(request, caller);
    }

    private static void secure(ContainerRequestContext request, Caller caller) {
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return caller;
            }

            @Override
            public boolean isUserInRole(String role) {
                // an admin may do everything an agent may
                return caller.role.equals(role) || caller.isAdmin();
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return caller.tokenId.startsWith("usr_") ? "Session" : "Bearer";
            }
        });
    }

    private static void deny(ContainerRequestContext request, String detail) {
        request.abortWith(ProblemMapper.response(new Problem(Problem.typeFor(401), "Unauthorized", 401, detail, null)));
    }
}
