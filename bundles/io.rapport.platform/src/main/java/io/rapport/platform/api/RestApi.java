package io.rapport.platform.api;

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

    private RestApi() {
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
