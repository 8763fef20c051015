package io.rapport.rest.internal;

import java.util.UUID;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.api.Problem;

/**
 * Jetty's own error answers (a request line or URI it cannot parse, an ambiguous path, headers too large,
 * a failure no layer above answered) as {@code application/problem+json}, for every method, never with a
 * stack trace, a class name or a file path: Jetty's default is an HTML page.
 */
final class ProblemErrorHandler implements Request.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorHandler.class);
    /** Jetty's reasons are short phrases ("Ambiguous URI path separator"); anything else is not shown. */
    private static final Pattern PLAIN_REASON = Pattern.compile("[A-Za-z0-9 ,:'()/-]{1,120}");

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        if (message == null) {
            message = request.getAttribute("jakarta.servlet.error.message");
        }
        Object cause = request.getAttribute(ErrorHandler.ERROR_EXCEPTION);
        if (cause == null) {
            cause = request.getAttribute("jakarta.servlet.error.exception");
        }
        if (cause instanceof HttpException http) {
            status = http.getCode();
            if (message == null) {
                message = http.getReason();
            }
        }
        if (status < 400 || status > 599) {
            status = 500;
        }
        response.setStatus(status);
        if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
            HttpProblems.secure(response.getHeaders());
            callback.succeeded();
            return true;
        }
        String title = HttpStatus.getMessage(status);
        String detail;
        if (status >= 500) {
            String incident = UUID.randomUUID().toString();
            LOG.error("Incident {} on {} {}: {}", incident, request.getMethod(), request.getHttpURI().getPath(), message,
                    cause instanceof Throwable t ? t : null);
            detail = "The server failed to handle this request; nothing about it was your mistake. Incident " + incident
                    + " is in the server log.";
        } else {
            String reason = message instanceof String m && PLAIN_REASON.matcher(m).matches() ? m : title;
            detail = detail(status, reason);
        }
        // Jetty ends the connection after an error of its own (a request it could not parse): say so, or a
        // client that keeps connections would send its next request on one that is gone
        HttpProblems.send(response, callback, new Problem(Problem.typeFor(status), title, status, detail, null), true);
        return true;
    }

    private static String detail(int status, String reason) {
        switch (status) {
            case 400:
                return "The request is malformed: " + reason + ". Check the request line, the URL's percent-encoding "
                        + "(UTF-8) and the headers.";
            case 404:
                return "There is nothing at this path. See docs/api.md for the endpoints.";
            case 405:
                return "This method is not allowed on this path.";
            case 414:
                return "The URL is too long.";
            case 431:
                return "The request's headers are too large (setting max.header.bytes of io.rapport.rest).";
            default:
                return reason + ".";
        }
    }
}
