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

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rapport.conversations.spi.Delivery;
import io.rapport.conversations.spi.InboundMessage;
import io.rapport.conversations.spi.Inbox;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.api.Problem;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;

/**
 * {@code POST /hooks/<channel>}: a signed message in, filed by the {@link Inbox}. No bearer token: the
 * signature made with the channel's secret authenticates the caller. Answers 202 with where the message
 * went; 401 (bad or missing signature), 400, 404 (no such channel), 405, 413 and 503 (conversations
 * stopped) as problem+json, and then nothing is stored. Registered by {@link Hooks}.
 */
final class HooksServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HooksServlet.class);
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final transient Map<String, WebhookChannel> channels;
    private final transient Supplier<Inbox> inbox;

    HooksServlet(Map<String, WebhookChannel> channels, Supplier<Inbox> inbox) {
        this.channels = channels;
        this.inbox = inbox;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            WebhookChannel channel = channelOf(request);
            if (!"POST".equals(request.getMethod())) {
                response.setHeader("Allow", "POST");
                throw new ProblemException(405, "Method not allowed", "Only POST is accepted on " + Hooks.PATH + "/"
                        + channel.name() + ": send the message as signed JSON.");
            }
            byte[] body = readBody(request);
            if (!Signatures.verify(channel.secret(), body, request.getHeader(Signatures.HEADER))) {
                throw new ProblemException(401, "Unauthorized", request.getHeader(Signatures.HEADER) == null
                        ? "The header " + Signatures.HEADER + " is missing: sign the raw body with HMAC-SHA256 and the channel's secret, and send sha256=<lower-case hex>."
                        : "The " + Signatures.HEADER + " header does not match the body: sign the exact bytes sent, with HMAC-SHA256 and the channel's secret, as sha256=<lower-case hex>.");
            }
            InboundMessage message = InboundJson.read(channel.name(), parse(body));
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
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("person_id", delivery.personId());
            answer.put("conversation_id", delivery.conversationId());
            answer.put("message_id", delivery.messageId());
            answer.put("created_person", delivery.createdPerson());
            answer.put("opened_conversation", delivery.openedConversation());
            answer.put("duplicate", delivery.duplicate());
            write(response, 202, "application/json", answer);
        } catch (ProblemException e) {
            if (e.status == 503) {
                response.setHeader("Retry-After", RestApi.RETRY_AFTER_SECONDS);
            }
            write(response, e.status, RestApi.PROBLEM_JSON, Problem.of(e));
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString();
            LOG.error("Incident {} on {} {}", incident, request.getMethod(), request.getRequestURI(), e);
            write(response, 500, RestApi.PROBLEM_JSON, new Problem(Problem.typeFor(500), "Internal error", 500,
                    "The server failed to handle this message; nothing about it was your mistake. Incident " + incident
                            + " is in the server log.", null));
        }
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

    private static byte[] readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            if (request.getContentLengthLong() > MAX_BODY_BYTES) {
                RestApi.discardRefusedBody(in, request.getContentLengthLong());
                throw tooLarge();
            }
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                RestApi.discardRefusedBody(in, request.getContentLengthLong());
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
            value = JSON.readValue(body, Object.class);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
            throw ProblemException.invalid("body", "is not valid JSON: " + why);
        }
        if (!(value instanceof Map)) {
            throw ProblemException.invalid("body", "must be a JSON object, was " + io.rapport.platform.api.JsonObjectReader.typeOf(value));
        }
        return (Map<String, Object>) value;
    }

    private static void write(HttpServletResponse response, int status, String type, Object entity) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(entity);
        response.setStatus(status);
        response.setContentType(type);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
