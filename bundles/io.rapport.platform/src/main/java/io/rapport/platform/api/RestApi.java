package io.rapport.platform.api;

import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;

/**
 * The REST conventions every bundle's resources follow: they join the {@code rapport} JAX-RS application
 * (base {@value #BASE}) with {@code @JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)}, and use these
 * constants and the If-Match helper.
 */
public final class RestApi {
    public static final String APPLICATION_NAME = "rapport";
    public static final String APPLICATION_SELECT = "(osgi.jaxrs.name=" + APPLICATION_NAME + ")";
    public static final String BASE = "/api/v1";

    public static final String ROLE_ADMIN = "admin";
    public static final String ROLE_AGENT = "agent";

    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";
    public static final String PROBLEM_JSON = "application/problem+json";

    /**
     * The request attribute under which the HTTP front leaves the {@link Caller} it authenticated from the
     * request's headers (on any path whose request carried valid credentials).
     */
    public static final String CALLER_ATTRIBUTE = "io.rapport.caller";

    /** The {@code Retry-After} of every 503 answer, in seconds: a 503 here is always temporary. */
    public static final String RETRY_AFTER_SECONDS = "5";

    /** The most of a refused request body {@link #discardRefusedBody} reads: the largest upload accepted by default. */
    public static final long DISCARD_LIMIT = 64L * 1024 * 1024;

    private RestApi() {
    }

    /**
     * Reads and drops the rest of a request body that is refused (413) before the answer is written, when
     * the body declares at most {@link #DISCARD_LIMIT} bytes (or declares nothing; then at most that many
     * are read). The client is usually still sending: if the server closed the connection with the body
     * unread, the client's TCP stack could get a reset and lose the answer, so the client would see a
     * broken connection instead of the 413 that says what to fix. A larger body is not read at all; its
     * connection is closed after the answer.
     *
     * @param declaredLength the request's Content-Length, or -1 when it has none
     * @deprecated The HTTP front refuses a body that is too large (and any body of a request that is not
     *             authenticated) before it is read, and the server keeps the answer readable: nothing needs
     *             to read a refused body any more. Kept for plugins built against platform API 1.2.
     */
    @Deprecated
    public static void discardRefusedBody(InputStream in, long declaredLength) {
        if (in == null || declaredLength > DISCARD_LIMIT) {
            return;
        }
        try {
            long left = DISCARD_LIMIT;
            byte[] buffer = new byte[16 * 1024];
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or the stream is spent: there is nothing left to answer on time
        }
    }

    /** Who makes a change, for the timeline and the change log: the caller's name, {@code system} without one. */
    public static String actor(Principal caller) {
        return caller == null ? "system" : caller.getName();
    }

    /**
     * The authenticated {@link Caller} of a request, from the JAX-RS {@code SecurityContext}'s principal.
     * The HTTP front lets no API request through without one; a 401 if one came through anyway.
     */
    public static Caller caller(Principal principal) {
        if (!(principal instanceof Caller)) {
            throw new ProblemException(401, "Unauthorized", "This API needs 'Authorization: Bearer <token>'.");
        }
        return (Caller) principal;
    }

    /** The ETag value of a stored version (what {@link #ifMatchVersion} reads back). */
    public static String etag(long version) {
        return Long.toString(version);
    }

    /** An If-Match value that is not one of our ETags: it matches no stored version. */
    public static final long NO_VERSION = Long.MIN_VALUE;

    /**
     * The version an {@code If-Match} header asks for: null when the header is absent or {@code *}
     * (any version will do); {@link #NO_VERSION} when it is no ETag of ours, so the service answers 412.
     */
    public static Long ifMatchVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return NO_VERSION;
        }
    }
}
