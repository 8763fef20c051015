package io.rapport.rest.internal;

import java.util.Set;

import io.rapport.platform.api.RestApi;

/**
 * The only requests under {@code /api/v1} that need no credentials: signing in, and creating the first
 * admin. The HTTP front and the authentication filter both ask here, so that the list is in one place.
 */
final class PublicRoutes {
    /** The session cookie of a signed-in browser. */
    static final String COOKIE = "rapport_session";
    /** The header a cookie-authenticated request that changes something must carry: the session's CSRF token. */
    static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Set<String> PUBLIC = Set.of("POST " + RestApi.BASE + "/session", "GET " + RestApi.BASE + "/setup",
            "POST " + RestApi.BASE + "/setup");

    private PublicRoutes() {
    }

    /** {@code path}: the request's path from the server's root, e.g. {@code /api/v1/session}. */
    static boolean isPublic(String method, String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return PUBLIC.contains(method + " " + p);
    }

    /** Whether a request with this method may change something (and so needs the CSRF token when signed in by cookie). */
    static boolean changes(String method) {
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
    }
}
