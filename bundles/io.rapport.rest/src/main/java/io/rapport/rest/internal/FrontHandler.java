package io.rapport.rest.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.api.Caller;
import io.rapport.platform.api.Problem;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;

/**
 * The first handler of every request, in Jetty itself, before any servlet, CXF or Rapport code sees it:
 * <ul>
 * <li>security headers on every answer, {@code Cache-Control: no-store} on the API's, CORS when origins are
 * configured;</li>
 * <li>a {@code Content-Type} that is no media type is 415, a query string that is not percent-encoded UTF-8
 * is 400;</li>
 * <li>{@code /api/v1} needs a valid bearer token or a signed-in session (its cookie), checked from the
 * headers before one byte of the body is read: without one the answer is 401 at once and the body is never
 * read, buffered or stored (but for the few {@link PublicRoutes}); a session's request that changes
 * something needs the session's CSRF token (403); failed authentications are throttled per client
 * address (429);</li>
 * <li>a body larger than its limit by its declared length is 413 before it is read; a JSON body (the API's,
 * a webhook message) is read whole without holding a thread, under its size limit and a deadline, and only
 * then handed on, so that a client trickling a body costs a connection, not a thread; uploads and imports,
 * too large to keep in memory, are streamed under their limit, a minimum rate and a cap on how many run at
 * once.</li>
 * </ul>
 */
final class FrontHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(FrontHandler.class);
    /** Binary bodies: only plugin uploads take them, and jars are larger than any JSON body. */
    static final Set<String> UPLOAD_TYPES = Set.of("application/java-archive", "application/x-java-archive",
            "application/zip", "application/octet-stream");
    /** Bulk imports (POST /api/v1/people/import): one row a line, far larger than any JSON body. */
    static final Set<String> IMPORT_TYPES = Set.of("application/x-ndjson", "application/ndjson", "text/csv");
    /**
     * The most of a refused (too large) body that is read and dropped so that its client gets the 413; a
     * larger one is answered at once and its connection closed. Only ever for authenticated requests.
     */
    static final long DISCARD_LIMIT = 64L * 1024 * 1024;
    /** Streamed bodies get this long before their average rate counts. */
    static final long RATE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The limits in force, replaced as a whole when the configuration changes. */
    record Limits(long maxBody, long maxUpload, long maxImport, long bodyTimeoutMillis, long minUploadRate, int maxUploads,
            Set<String> corsOrigins) {
    }

    /** The request attribute under which the front leaves the session of a cookie-authenticated request. */
    static final String SESSION_ATTRIBUTE = "io.rapport.session";

    private final TokenStore tokens;
    private final UserStore users;
    private final AuthThrottle throttle;
    private final AtomicInteger uploads = new AtomicInteger();
    private volatile Limits limits;

    FrontHandler(TokenStore tokens, UserStore users, AuthThrottle throttle, Limits limits) {
        super(true);
        this.tokens = tokens;
        this.users = users;
        this.throttle = throttle;
        this.limits = limits;
    }

    void limits(Limits limits) {
        this.limits = limits;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler next = getHandler();
        if (next == null) {
            return false;
        }
        Limits l = limits;
        HttpFields.Mutable headers = response.getHeaders();
        HttpProblems.secure(headers);
        String path = Request.getPathInContext(request);
        String rawPath = request.getHttpURI().getPath();
        boolean api = isApi(path) || isApi(rawPath);
        if (api || path.startsWith("/health") || path.startsWith("/hooks/")) {
            headers.put(HttpProblems.NO_STORE);
        }
        if (cors(request, response, callback, l)) {
            return true;
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && !MediaTypeSyntax.valid(contentType)) {
            HttpProblems.send(request, response, callback, 415, "Unsupported media type",
                    "The Content-Type header is not a media type (type/subtype with optional ;name=value parameters); "
                            + "send application/json for JSON bodies.");
            return true;
        }
        String query = request.getHttpURI().getQuery();
        if (query != null && !QueryEncoding.valid(query)) {
            HttpProblems.send(request, response, callback, 400, "Invalid encoding", "The query string is not valid: "
                    + "every % must be followed by two hex digits, and what they encode must be UTF-8.");
            return true;
        }
        List<String> authorizations = request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION);
        String authorization = authorizations.isEmpty() ? null : authorizations.get(0);
        String cookie = authorization == null ? sessionCookie(request) : null;
        if (api || authorization != null || cookie != null) {
            String address = address(request);
            long wait = api ? throttle.retryAfterSeconds(address) : 0;
            if (wait > 0) {
                headers.put(HttpHeader.RETRY_AFTER, wait);
                HttpProblems.send(request, response, callback, 429, "Too many requests",
                        "Too many failed authentications from your address; try again in " + wait + " s with a valid token.");
                return true;
            }
            Caller caller = null;
            String refusal = null;
            if (authorization != null) {
                if (authorization.isBlank()) {
                    refusal = "This API needs 'Authorization: Bearer <token>'. The admin token of a new runtime is in data/admin-token.";
                } else if (authorizations.size() > 1) {
                    refusal = "Send one Authorization header, not " + authorizations.size() + ".";
                    throttle.failed(address);
                } else if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    refusal = "Use the Bearer scheme: 'Authorization: Bearer <token>'.";
                    throttle.failed(address);
                } else {
                    caller = tokens.authenticate(authorization.substring(7).trim()).orElse(null);
                    if (caller == null) {
                        refusal = "The bearer token is not valid (unknown or revoked).";
                        throttle.failed(address);
                    }
                }
            } else if (cookie != null) {
                UserStore.Session session = users.session(cookie).orElse(null);
                if (session == null) {
                    refusal = "Your session has ended (signed out, expired or the user deactivated): sign in again.";
                } else {
                    caller = users.caller(session);
                    request.setAttribute(SESSION_ATTRIBUTE, session);
                    if (api && PublicRoutes.changes(request.getMethod()) && !csrfProof(request, session)) {
                        HttpProblems.send(request, response, callback, 403, "Forbidden", "A request signed in by the session cookie "
                                + "that changes something must carry the session's CSRF token in " + PublicRoutes.CSRF_HEADER
                                + " (from GET /api/v1/session).");
                        return true;
                    }
                }
            } else {
                refusal = "This API needs 'Authorization: Bearer <token>' or a signed-in session. The admin token of a new "
                        + "runtime is in data/admin-token.";
            }
            if (caller != null) {
                request.setAttribute(RestApi.CALLER_ATTRIBUTE, caller);
            } else if (api && !PublicRoutes.isPublic(request.getMethod(), path)) {
                HttpProblems.send(request, response, callback, 401, "Unauthorized", refusal);
                return true;
            }
        }
        if (!HttpProblems.hasUnreadBody(request)) {
            return next.handle(request, response, callback);
        }
        String type = baseType(contentType);
        boolean upload = api && UPLOAD_TYPES.contains(type);
        boolean imports = api && IMPORT_TYPES.contains(type);
        long max = upload ? l.maxUpload() : imports ? l.maxImport() : l.maxBody();
        String setting = upload ? "max.upload.bytes" : imports ? "max.import.bytes" : "max.body.bytes";
        if (request.getLength() > max && request.getLength() > DISCARD_LIMIT) {
            HttpProblems.send(response, callback, Problem.of(tooLarge(max, setting)), true);
            return true;
        }
        if (!upload && !imports || request.getLength() > max) {
            // a body over its limit is read to its end and dropped (without holding a thread) before the 413:
            // answered while the client still sends, its TCP stack could get a reset and lose the answer
            new BodyBuffer(next, request, response, callback, max, setting).start(l.bodyTimeoutMillis());
            return true;
        }
        if (uploads.incrementAndGet() > l.maxUploads()) {
            uploads.decrementAndGet();
            HttpProblems.send(request, response, callback, 503, "Service unavailable", "The server takes at most "
                    + l.maxUploads() + " uploads and imports at once (setting max.concurrent.uploads of io.rapport.rest); retry later.");
            return true;
        }
        Callback release = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                uploads.decrementAndGet();
                super.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                uploads.decrementAndGet();
                super.failed(x);
            }
        };
        boolean handled = false;
        try {
            handled = next.handle(new MeteredRequest(request, max, setting, l.minUploadRate()), response, release);
            return handled;
        } finally {
            if (!handled) {
                uploads.decrementAndGet();
            }
        }
    }

    /** The session cookie's secret, when the request has one. */
    private static String sessionCookie(Request request) {
        for (HttpField f : request.getHeaders()) {
            if (f.getHeader() != HttpHeader.COOKIE) {
                continue;
            }
            for (String part : f.getValue().split(";")) {
                String c = part.trim();
                if (c.startsWith(PublicRoutes.COOKIE + "=")) {
                    return c.substring(PublicRoutes.COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    private static boolean csrfProof(Request request, UserStore.Session session) {
        String given = request.getHeaders().get(PublicRoutes.CSRF_HEADER);
        return given != null && java.security.MessageDigest.isEqual(given.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                session.csrfToken().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static boolean isApi(String path) {
        return path != null && (path.equals(RestApi.BASE) || path.startsWith(RestApi.BASE + "/"));
    }

    static String baseType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static String address(Request request) {
        String address = Request.getRemoteAddr(request);
        return address == null ? "unknown" : address;
    }

    static ProblemException tooLarge(long max, String setting) {
        return new ProblemException(413, "Body too large",
                "The request body is larger than the limit of " + max + " bytes (setting " + setting + " of io.rapport.rest).");
    }

    /**
     * CORS for the configured origins only: answers preflights itself, and lets the browser read answers
     * to those origins. Returns whether the request was answered.
     */
    private static boolean cors(Request request, Response response, Callback callback, Limits l) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null || l.corsOrigins().isEmpty() || !l.corsOrigins().contains(origin)) {
            return false;
        }
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.add(HttpHeader.VARY, "Origin");
        if ("OPTIONS".equals(request.getMethod()) && request.getHeaders().contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD)) {
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, PUT, PATCH, DELETE");
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type, If-Match, If-None-Match, Last-Event-ID");
            headers.put(HttpHeader.ACCESS_CONTROL_MAX_AGE, 600);
            response.setStatus(HttpStatus.NO_CONTENT_204);
            response.write(true, null, callback);
            return true;
        }
        headers.put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, "ETag, Location, Retry-After, WWW-Authenticate");
        return false;
    }

    /**
     * Reads a JSON body whole without holding a thread (a read that would block registers a demand and
     * returns), under its size limit and a deadline, then hands the request on with the body in memory. A
     * body over the limit is read to its end (up to {@link #DISCARD_LIMIT}) and dropped, then answered 413.
     */
    private static final class BodyBuffer {
        private final Handler next;
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final long max;
        private final String setting;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final AtomicBoolean done = new AtomicBoolean();
        /** Bytes read; past {@code max}, they are dropped and the answer will be 413. */
        private long read;
        private volatile Scheduler.Task deadline;
        private long timeoutMillis;

        BodyBuffer(Handler next, Request request, Response response, Callback callback, long max, String setting) {
            this.next = next;
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.max = max;
            this.setting = setting;
        }

        void start(long timeoutMillis) {
            this.timeoutMillis = timeoutMillis;
            deadline = request.getComponents().getScheduler().schedule(this::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
            read();
        }

        private void read() {
            while (!done.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(Invocable.from(Invocable.InvocationType.NON_BLOCKING, this::read));
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    // the client went away or the connection broke: nobody is left to answer
                    if (finish()) {
                        LOG.debug("A request body could not be read: {}", String.valueOf(chunk.getFailure()));
                        callback.failed(chunk.getFailure());
                    }
                    return;
                }
                ByteBuffer buffer = chunk.getByteBuffer();
                read += buffer.remaining();
                boolean last = chunk.isLast();
                if (read <= max) {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    body.write(bytes, 0, bytes.length);
                } else if (body.size() > 0) {
                    body.reset(); // too large: what was kept is dropped, the rest is read and dropped
                }
                chunk.release();
                if (read > max && (last || read > DISCARD_LIMIT)) {
                    if (finish()) {
                        HttpProblems.send(response, callback, Problem.of(tooLarge(max, setting)), !last);
                    }
                    return;
                }
                if (last) {
                    if (finish()) {
                        // the handlers after this one may block: run them on a thread of their own
                        request.getContext().execute(this::process);
                    }
                    return;
                }
            }
        }

        private boolean finish() {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            Scheduler.Task task = deadline;
            if (task != null) {
                task.cancel();
            }
            return true;
        }

        private void timedOut() {
            if (finish()) {
                HttpProblems.send(response, callback, new Problem(Problem.typeFor(408), "Request timeout", 408,
                        "The request body did not arrive whole within " + TimeUnit.MILLISECONDS.toSeconds(timeoutMillis)
                                + " s (setting body.timeout.seconds of io.rapport.rest).", null), true);
            }
        }

        private void process() {
            Request buffered = new BufferedRequest(request, body.toByteArray());
            try {
                if (!next.handle(buffered, response, callback)) {
                    Response.writeError(buffered, response, callback, HttpStatus.NOT_FOUND_404);
                }
            } catch (Throwable t) {
                Response.writeError(buffered, response, callback, t);
            }
        }
    }

    /** A request whose body was read whole by the front: it reads from memory. */
    private static final class BufferedRequest extends Request.Wrapper {
        private final AtomicReference<Content.Chunk> content;
        private final long length;

        BufferedRequest(Request request, byte[] body) {
            super(request);
            this.content = new AtomicReference<>(Content.Chunk.from(ByteBuffer.wrap(body), true));
            this.length = body.length;
        }

        @Override
        public long getLength() {
            return length;
        }

        @Override
        public Content.Chunk read() {
            return content.getAndSet(Content.Chunk.EOF);
        }

        @Override
        public void demand(Runnable demandCallback) {
            // the content is all here
            getContext().execute(demandCallback);
        }

        @Override
        public boolean consumeAvailable() {
            content.set(Content.Chunk.EOF);
            return true;
        }
    }

    /** A streamed body under its size limit and a minimum average rate. */
    private static final class MeteredRequest extends Request.Wrapper {
        private final long max;
        private final String setting;
        private final long minRate;
        private final long start = System.nanoTime();
        private long count;
        private volatile Content.Chunk failure;

        MeteredRequest(Request request, long max, String setting, long minRate) {
            super(request);
            this.max = max;
            this.setting = setting;
            this.minRate = minRate;
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk failed = failure;
            if (failed != null) {
                return failed;
            }
            Content.Chunk chunk = super.read();
            if (chunk == null || Content.Chunk.isFailure(chunk)) {
                return chunk;
            }
            count += chunk.remaining();
            ProblemException problem = null;
            if (count > max) {
                problem = tooLarge(max, setting);
            } else if (!chunk.isLast() && minRate > 0) {
                long elapsed = System.nanoTime() - start;
                if (elapsed > RATE_GRACE_NANOS && count * 1e9 / elapsed < minRate) {
                    problem = new ProblemException(408, "Request timeout", "The upload arrived at "
                            + Math.round(count * 1e9 / elapsed) + " bytes/s, below the minimum of " + minRate
                            + " (setting min.upload.bytes.per.second of io.rapport.rest).");
                }
            }
            if (problem != null) {
                chunk.release();
                failure = Content.Chunk.from(problem, true);
                return failure;
            }
            return chunk;
        }
    }
}
