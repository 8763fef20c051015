package io.rapport.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;

import io.rapport.platform.api.RapportHome;

/** Real HTTP to the runtime under test, on the port Jetty really bound, with the real admin token. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String base;
    final String adminToken;

    private Http(String base, String adminToken) {
        this.base = base;
        this.adminToken = adminToken;
    }

    static Http connect() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(Http.class).getBundleContext();
        ServiceReference<JaxrsServiceRuntime> ref = null;
        long deadline = System.currentTimeMillis() + 20_000;
        while ((ref = context.getServiceReference(JaxrsServiceRuntime.class)) == null) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("No JAX-RS runtime");
            }
            Thread.sleep(100);
        }
        Object endpoints = ref.getProperty("osgi.jaxrs.endpoint");
        String first = endpoints instanceof String[] ? ((String[]) endpoints)[0]
                : endpoints instanceof java.util.Collection ? String.valueOf(((java.util.Collection<?>) endpoints).iterator().next())
                : String.valueOf(endpoints);
        // The endpoint lists every interface (a scoped IPv6 first): take only its port.
        Matcher m = Pattern.compile(":(\\d+)/").matcher(first);
        if (!m.find()) {
            throw new AssertionError("No port in " + first);
        }
        String base = "http://localhost:" + m.group(1);
        java.nio.file.Path tokenFile = RapportHome.data(context).resolve("admin-token");
        while (!Files.exists(tokenFile) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        return new Http(base, Files.readString(tokenFile, StandardCharsets.UTF_8).trim());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + adminToken).GET());
    }

    HttpResponse<String> getAnonymous(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Any method; a body, when given, is sent as JSON (PATCH as a merge patch). */
    HttpResponse<String> send(String method, String path, String... json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + adminToken);
        if (json.length > 0) {
            b.header("Content-Type", "PATCH".equals(method) ? "application/merge-patch+json" : "application/json");
            return send(b.method(method, HttpRequest.BodyPublishers.ofString(json[0])));
        }
        return send(b.method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until {@code path} answers {@code status} (the whiteboard applies changes asynchronously). */
    HttpResponse<String> await(String path, int status, boolean anonymous) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        HttpResponse<String> r;
        do {
            r = anonymous ? getAnonymous(path) : get(path);
            if (r.statusCode() == status) {
                return r;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("GET " + path + " did not answer " + status + " within 20 s; last: " + r.statusCode() + " " + r.body());
    }
}
