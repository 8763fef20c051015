package io.rapport.rest.internal;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.rapport.platform.api.Problem;
import io.rapport.platform.api.RestApi;
import io.rapport.platform.json.Json;

/**
 * Problem answers written by the HTTP front and the Jetty error handler, below JAX-RS: the same
 * {@code application/problem+json} body as {@link ProblemMapper} writes, and the headers every answer carries.
 */
final class HttpProblems {
    static final HttpField NOSNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");
    static final HttpField REFERRER_POLICY = new PreEncodedHttpField("Referrer-Policy", "no-referrer");
    static final HttpField FRAME_OPTIONS = new PreEncodedHttpField("X-Frame-Options", "DENY");
    static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
    static final HttpField PROBLEM_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, RestApi.PROBLEM_JSON);
    static final HttpField CLOSE = new PreEncodedHttpField(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    static final HttpField BEARER_CHALLENGE = new PreEncodedHttpField(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"rapport\"");

    private HttpProblems() {
    }

    /** The security headers of every answer. */
    static void secure(HttpFields.Mutable headers) {
        headers.put(NOSNIFF);
        headers.put(REFERRER_POLICY);
        headers.put(FRAME_OPTIONS);
    }

    /**
     * Answers {@code problem} and completes the request. {@code close}: the request's body was not read,
     * so the connection cannot be used again (Jetty closes it after the answer).
     */
    static void send(Response response, Callback callback, Problem problem, boolean close) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.remove(HttpHeader.CONTENT_LENGTH);
        secure(headers);
        headers.put(NO_STORE);
        headers.put(PROBLEM_TYPE);
        if (problem.status == 401) {
            headers.put(BEARER_CHALLENGE);
        }
        if (problem.status == 503 && !headers.contains(HttpHeader.RETRY_AFTER)) {
            headers.put(HttpHeader.RETRY_AFTER, RestApi.RETRY_AFTER_SECONDS);
        }
        if (close) {
            headers.put(CLOSE);
        }
        byte[] body = bytes(problem);
        response.setStatus(problem.status);
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    static void send(Request request, Response response, Callback callback, int status, String title, String detail) {
        send(response, callback, new Problem(Problem.typeFor(status), title, status, detail, null), hasUnreadBody(request));
    }

    /** Whether the request declares a body (Jetty has not read it: the front answers before anything does). */
    static boolean hasUnreadBody(Request request) {
        return request.getLength() > 0
                || request.getLength() < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    static byte[] bytes(Problem problem) {
        try {
            return Json.MAPPER.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // a Problem is strings and a number
        }
    }
}
