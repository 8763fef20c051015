package io.rapport.channel.webhook.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rapport.conversations.spi.ChannelConnector;
import io.rapport.conversations.spi.DeliveryException;
import io.rapport.conversations.spi.OutboundMessage;

/**
 * A webhook channel's connector: replies are POSTed to {@code reply.url} as JSON, signed like inbound messages
 * (Standard Webhooks: {@code webhook-id} is the reply's message id, so a receiver can drop a repeat).
 */
final class WebhookConnector implements ChannelConnector {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper(); // keeps null fields: every reply has the same keys

    private final String channel;
    private final String secret;
    private final URI replyUrl;
    private final HttpClient client;
    private final boolean legacySignatures;

    WebhookConnector(String channel, String secret, String replyUrl, boolean legacySignatures) {
        this.channel = channel;
        this.secret = secret;
        this.legacySignatures = legacySignatures;
        this.replyUrl = replyUrl == null ? null : URI.create(replyUrl);
        this.client = replyUrl == null ? null
                : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public boolean canSend() {
        return replyUrl != null;
    }

    @Override
    public void send(OutboundMessage reply) throws DeliveryException {
        if (replyUrl == null) {
            throw new DeliveryException("The webhook channel '" + channel + "' has no reply.url: replies are not delivered.");
        }
        byte[] body = body(reply);
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest.Builder builder = HttpRequest.newBuilder(replyUrl).timeout(TIMEOUT).header("Content-Type", "application/json")
                .header(Signatures.ID, reply.messageId()).header(Signatures.TIMESTAMP, Long.toString(timestamp))
                .header(Signatures.SIGNATURE, Signatures.sign(secret, reply.messageId(), timestamp, body))
                .header("X-Rapport-Channel", channel);
        if (legacySignatures) {
            builder.header(Signatures.LEGACY_HEADER, Signatures.signLegacy(secret, body));
        }
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw new DeliveryException("The reply URL " + replyUrl + " did not answer within " + TIMEOUT.toSeconds() + " s.", e);
        } catch (IOException e) {
            throw new DeliveryException("The reply URL " + replyUrl + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("Interrupted while sending the reply to " + replyUrl + ".", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new DeliveryException("The reply URL " + replyUrl + " answered HTTP " + response.statusCode() + ".");
        }
    }

    /** {@code {"conversation_id","message_id","handle","thread","text","agent"}}. */
    static byte[] body(OutboundMessage reply) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("conversation_id", reply.conversationId());
        json.put("message_id", reply.messageId());
        json.put("handle", reply.handle());
        json.put("thread", reply.threadKey());
        json.put("text", reply.text());
        json.put("agent", reply.agentName());
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // maps of strings always serialise
        }
    }
}
