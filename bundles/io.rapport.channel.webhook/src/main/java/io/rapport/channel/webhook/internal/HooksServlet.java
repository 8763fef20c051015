package io.rapport.channel.webhook.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.rapport.conversations.spi.Delivery;
import io.rapport.conversations.spi.InboundMessage;
import io.rapport.conversations.spi.Inbox;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.api.Problem;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.json.Json;

/**
 * {@code POST /hooks/<channel>}: a signed message in, filed by the {@link Inbox}. No bearer token: the
 * signature made with the channel's secret authenticates the caller (see {@link Signatures}). Answers 202
 * with where the message went; 401 (bad, missing or stale signature), 409 (a message id received already),
 * 400, 404 (no such channel), 405, 413 and 503 (conversations stopped) as problem+json, and then nothing is
 * stored. Registered by {@link Hooks}.
 */
final class HooksServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HooksServlet.class);
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** How far a message's timestamp may be from the server's clock, either way. */
    static final long TOLERANCE_SECONDS = 5 * 60;
    static final int MAX_ID_CHARS = 256;
    /** Ids of every channel's recent messages; static: they outlive the servlet, as a channel's configuration comes and goes. */
    static final SeenIds SEEN = new SeenIds();

    private final transient Map<String, WebhookChannel> channels;
    private final transient Supplier<Inbox> inbox;

    HooksServlet(Map<String, WebhookChannel> channels, Supplier<Inbox> inbox) {
        this.channels = channels;
        this.inbox = inbox;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        WebhookChannel channel = null;
        String id = null;
        boolean recorded = false;
        try {
            channel = channelOf(request);
            if (!"POST".equals(request.getMethod())) {
                response.setHeader("Allow", "POST");
                throw new ProblemException(405, "Method not allowed", "Only POST is accepted on " + Hooks.PATH + "/"
                        + channel.name() + ": send the message as signed JSON.");
            }
            boolean legacy = channel.legacySignatures() && request.getHeader(Signatures.SIGNATURE) == null
                    && request.getHeader(Signatures.LEGACY_HEADER) != null;
            long timestamp = 0;
            if (!legacy) {
                id = request.getHeader(Signatures.ID);
                timestamp = timestampOf(request);
            }
            byte[] body = readBody(request);
            if (legacy) {
                if (!Signatures.verifyLegacy(channel.secret(), body, request.getHeader(Signatures.LEGACY_HEADER))) {
                    throw unauthorized("The " + Signatures.LEGACY_HEADER + " header does not match the body. Better: sign with "
                            + "the Standard Webhooks scheme (webhook-id, webhook-timestamp, webhook-signature).");
                }
            } else if (!Signatures.verify(channel.secret(), id, timestamp, body, request.getHeader(Signatures.SIGNATURE))) {
                throw unauthorized("The " + Signatures.SIGNATURE + " header does not match: sign '<webhook-id>.<webhook-timestamp>.<raw body>' "
                        + "with HMAC-SHA256 and the channel's secret, and send v1,<base64 of the result>.");
            }
            if (!legacy) {
                if (!SEEN.first(channel.name(), id, System.currentTimeMillis())) {
                    throw new ProblemException(409, "Conflict", "The message " + Problem.cut(id, 100) + " was received already; "
                            + "nothing was stored again. A new message needs a new webhook-id.");
                }
                recorded = true;
            }
            InboundMessage message = InboundJson.read(channel.name(), parse(body), id);
            Inbox current = inbox.get();
            if (current == null) {
                throw new ProblemException(503, "Service unavailable",
                        "Conversations are not available (the bundle io.rapport.conversations is not running); nothing was stored. Retry later.");
            }
            Delivery delivery;
            try {
                delivery = current.deliver(message);
            } catch (IllegalArgumentException e) {
                throw new ProblemException(400, "Invalid request", e.getMessage(), List.of(new FieldError("body", String.valueOf(e.getMessage()))));
            }
            recorded = false; // stored: the id stays seen
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("person_id", delivery.personId());
            answer.put("conversation_id", delivery.conversationId());
            answer.put("message_id", delivery.messageId());
            answer.put("created_person", delivery.createdPerson());
            answer.put("opened_conversation", delivery.openedConversation());
            answer.put("duplicate", delivery.duplicate());
            write(response, 202, "application/json", answer);
        } catch (DomainException e) {
            Problem problem = Problem.of(e);
            if (problem.status == 503) {
                response.setHeader("Retry-After", RestApi.RETRY_AFTER_SECONDS);
            }
            write(response, problem.status, RestApi.PROBLEM_JSON, problem);
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString();
            LOG.error("Incident {} on {} {}", incident, request.getMethod(), request.getRequestURI(), e);
            write(response, 500, RestApi.PROBLEM_JSON, new Problem(Problem.typeFor(500), "Internal error", 500,
                    "The server failed to handle this message; nothing about it was your mistake. Incident " + incident
                            + " is in the server log.", null));
        } finally {
            if (recorded) {
                SEEN.forget(channel.name(), id); // refused after all: the sender may retry the same message
            }
        }
    }

    /** The message's {@code webhook-timestamp}, checked against the clock; with its id and signature present. */
    private static long timestampOf(HttpServletRequest request) {
        String id = request.getHeader(Signatures.ID);
        String timestamp = request.getHeader(Signatures.TIMESTAMP);
        if (id == null || timestamp == null || request.getHeader(Signatures.SIGNATURE) == null) {
            throw unauthorized("Sign messages with the Standard Webhooks scheme: the headers " + Signatures.ID + " (a unique "
                    + "message id), " + Signatures.TIMESTAMP + " (Unix seconds) and " + Signatures.SIGNATURE + " are required.");
        }
        if (id.isEmpty() || id.length() > MAX_ID_CHARS || !id.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw unauthorized("The " + Signatures.ID + " must be 1 to " + MAX_ID_CHARS + " printable ASCII characters without spaces.");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw unauthorized("The " + Signatures.TIMESTAMP + " must be the time of sending in Unix seconds.");
        }
        long now = System.currentTimeMillis() / 1000;
        if (Math.abs(now - seconds) > TOLERANCE_SECONDS) {
            throw unauthorized("The " + Signatures.TIMESTAMP + " is more than " + TOLERANCE_SECONDS / 60
                    + " minutes from the server's clock (stale, or a clock that is wrong): sign with the time of sending.");
        }
        return seconds;
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail);
    }

    private WebhookChannel channelOf(HttpServletRequest request) {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String name = path.startsWith("/") ? path.substring(1) : path;
        WebhookChannel channel = channels.get(name);
        if (channel == null) {
            // The open channels are not listed: callers here are not authenticated yet.
            throw new ProblemException(404, "Not found", "There is no open webhook channel at " + Hooks.PATH + path
                    + ". Its configuration (" + WebhookConfig.PID + ") names the channel and needs a secret.");
        }
        return channel;
    }

    /** The body; Rapport's HTTP front has read it whole already, under the same limit, without holding a thread. */
    private static byte[] readBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return body;
        }
    }

    private static ProblemException tooLarge() {
        return new ProblemException(413, "Payload too large", "A message body may have at most " + MAX_BODY_BYTES + " bytes.");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(byte[] body) {
        Object value;
        try {
            value = Json.MAPPER.treeToValue(Json.readTree(body), Object.class);
        } catch (JsonProcessingException e) {
            throw Json.malformed(e);
        }
        if (!(value instanceof Map)) {
            throw ProblemException.invalid("body", "must be a JSON object, was " + io.rapport.platform.api.JsonObjectReader.typeOf(value));
        }
        return (Map<String, Object>) value;
    }

    private static void write(HttpServletResponse response, int status, String type, Object entity) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(entity);
        response.setStatus(status);
        response.setContentType(type);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
