package io.rapport.channel.webhook.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport webhook channel",
        description = "One signed-JSON channel: POST /hooks/<channel> brings messages in; replies go to reply.url when set")
public @interface WebhookConfig {
    String PID = "io.rapport.channel.webhook";

    /** Key {@code channel}. */
    @AttributeDefinition(description = "The channel's name: lower case letters, digits and '-', unique among channels; "
            + "its endpoint is /hooks/<channel>")
    String channel() default "webhook";

    /** Key {@code secret}; without it the channel is not opened. */
    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Shared secret of the HMAC-SHA256 signatures of "
            + "the Standard Webhooks scheme (headers webhook-id, webhook-timestamp, webhook-signature), inbound and outbound; "
            + "a whsec_<base64> secret is used as that key. Required")
    String secret();

    /** Key {@code legacy.signatures}. */
    @AttributeDefinition(required = false, description = "Also accept (and send) the legacy X-Rapport-Signature: sha256=<hex> "
            + "of the body alone, which has no timestamp and no id, so no protection against replays: only while senders migrate")
    boolean legacy_signatures() default false;

    /** Key {@code reply.url}. */
    @AttributeDefinition(required = false, description = "http(s) URL that agents' replies are POSTed to, signed the same "
            + "way; empty: replies are kept in Rapport but not delivered")
    String reply_url() default "";

    /** Key {@code label}. */
    @AttributeDefinition(required = false, description = "A name for people, e.g. \"Shop contact form\"")
    String label() default "";
}
