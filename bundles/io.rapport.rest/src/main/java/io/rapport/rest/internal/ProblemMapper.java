package io.rapport.rest.internal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.UUID;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.api.Problem;
import io.rapport.platform.api.RestApi;
import io.rapport.platform.errors.DomainException;

/**
 * Every failure of the API becomes {@code application/problem+json}: the client's mistakes with what to
 * fix (a domain service's {@link DomainException}, whose kind decides the status in {@link Problem#statusOf}), ours as a 500 with an incident id that points to the log, never a stack trace. It serves the
 * default application too ({@code /health}, paths nothing serves). Prototype scope: each application gets
 * its own instance, and with it its own injected request context.
 */
@Component(service = ExceptionMapper.class, scope = ServiceScope.PROTOTYPE)
@JaxrsExtension
@JaxrsName(ProblemMapper.NAME)
@JaxrsApplicationSelect(JsonProvider.APPLICATIONS)
public class ProblemMapper implements ExceptionMapper<Throwable> {
    static final String NAME = "rapport.problems";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    @Context
    UriInfo uriInfo;
    @Context
    Request request;
    @Context
    HttpHeaders headers;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Routes routes;

    @Override
    public Response toResponse(Throwable failure) {
        Problem problem = problemOf(failure);
        Response response = response(problem);
        Routes r = routes;
        String path = uriInfo == null ? "" : uriInfo.getRequestUri().getPath();
        if (problem.status == 405 && r != null && path.startsWith(RestApi.BASE + "/")) {
            // CXF's Allow lists every method of the matched class; these are the ones this path answers
            java.util.Set<String> allowed = r.allowed(path.substring(RestApi.BASE.length()));
            if (!allowed.isEmpty()) {
                return Response.fromResponse(response).header(HttpHeaders.ALLOW, String.join(", ", allowed)).build();
            }
        }
        return response;
    }

    static Response response(Problem problem) {
        Response.ResponseBuilder builder = Response.status(problem.status).type(RestApi.PROBLEM_JSON).entity(problem);
        if (problem.status == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"rapport\"");
        }
        if (problem.status == 503) {
            // every 503 of the API is temporary (a bundle stopped or being updated, the search index
            // loading, the disk refusing an upload): tell clients when to try again
            builder.header(HttpHeaders.RETRY_AFTER, RestApi.RETRY_AFTER_SECONDS);
        }
        return builder.build();
    }

    Problem problemOf(Throwable failure) {
        DomainException problem = problemIn(failure);
        if (problem != null) {
            return Problem.of(problem);
        }
        if (failure instanceof WebApplicationException) {
            int status = ((WebApplicationException) failure).getResponse().getStatus();
            if (status < 500) {
                return new Problem(Problem.typeFor(status), title(status), status, detail(status), null);
            }
        }
        if (timedOut(failure)) {
            // a streamed body stopped arriving (the connection's idle timeout): the client's doing, not an incident
            return new Problem(Problem.typeFor(408), "Request timeout", 408,
                    "The request body stopped arriving before it was whole; send it again.", null);
        }
        if (clientGone(failure)) {
            // Nothing went wrong here and nobody is left to read an answer (wrk at the end of a run, a
            // browser tab closed): no incident, or operators would learn to ignore incidents.
            LOG.debug("The client of {} {} closed the connection before the answer was written: {}", method(), path(), failure.toString());
            return new Problem(Problem.typeFor(499), "Client closed the connection", 499, "The client closed the connection.", null);
        }
        String lock = lockConflict(failure);
        if (lock != null) {
            // Under concurrent writes the database may pick this transaction as a deadlock's victim or
            // give up waiting for a lock: it rolled back whole, and the same request will very likely pass.
            LOG.warn("{} {} rolled back: {} ({})", method(), path(), lock, failure.toString());
            return new Problem(Problem.typeFor(503), "Service unavailable", 503,
                    "The database was busy with concurrent changes (" + lock + "); nothing was written. Send the request again.", null);
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("Incident {} on {} {}", incident, method(), path(), failure);
        return new Problem(Problem.typeFor(500), "Internal error", 500,
                "The server failed to handle this request; nothing about it was your mistake. Incident " + incident
                        + " is in the server log.", null);
    }

    /** The problem a failure carries, itself or as one of its causes (libraries wrap what they did not throw); null for none. */
    static DomainException problemIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DomainException) {
                return (DomainException) t;
            }
        }
        return null;
    }

    /**
     * What a failure says when the database rolled back a transaction for a lock (a deadlock's victim, a
     * lock wait timed out), on Derby or PostgreSQL; null otherwise.
     */
    static String lockConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException) {
                for (java.sql.SQLException e = (java.sql.SQLException) t; e != null; e = e.getNextException()) {
                    String state = String.valueOf(e.getSQLState());
                    switch (state) {
                        case "40001": // Derby and PostgreSQL: deadlock victim, or a serialization failure
                        case "40P01": // PostgreSQL: deadlock detected
                            return "a deadlock with another transaction";
                        case "40XL1": // Derby: lock wait timed out
                        case "40XL2":
                        case "55P03": // PostgreSQL: lock not available
                            return "a lock wait timed out";
                        default:
                            break;
                    }
                }
            }
        }
        return null;
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Whether writing the answer failed because the client had closed the connection. */
    static boolean clientGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Jetty's EofException, named so that this bundle does not depend on Jetty
            if ("org.eclipse.jetty.io.EofException".equals(t.getClass().getName()) || t instanceof ClosedChannelException) {
                return true;
            }
            String message = t.getMessage();
            if (t instanceof IOException && message != null && (message.contains("Broken pipe") || message.contains("Connection reset"))) {
                return true;
            }
        }
        return false;
    }

    private String detail(int status) {
        switch (status) {
            case 404:
                return "There is no resource at " + method() + " " + path() + ". See docs/api.md for the endpoints.";
            case 405:
                return "The method " + method() + " is not allowed on " + path() + ".";
            case 406:
                return "This API answers in application/json; set Accept to application/json (or leave it out).";
            case 415:
                return "Send the body as application/json (PATCH also takes application/merge-patch+json); the "
                        + "Content-Type was " + (headers == null || headers.getMediaType() == null ? "missing" : headers.getMediaType()) + ".";
            default:
                return title(status) + ".";
        }
    }

    private static String title(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        return s != null ? s.getReasonPhrase() : "Error " + status;
    }

    private String method() {
        return request == null ? "?" : request.getMethod();
    }

    private String path() {
        return uriInfo == null ? "?" : Problem.cut(uriInfo.getRequestUri().getRawPath(), 200);
    }
}
