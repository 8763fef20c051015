package io.rapport.conversations.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Rapport conversations", description = "Time limits of calls into channel and location plugins")
public @interface ConversationsConfig {
    String PID = "io.rapport.conversations";

    /** Configuration key {@code reply.timeout.ms}. */
    @AttributeDefinition(description = "How long a connector may take to send a reply, in milliseconds; then the reply is marked failed")
    long reply_timeout_ms() default 10_000;

    /** Configuration key {@code location.timeout.ms}. */
    @AttributeDefinition(description = "How long a location resolver may take, in milliseconds; then the message is filed without a location")
    long location_timeout_ms() default 500;
}
