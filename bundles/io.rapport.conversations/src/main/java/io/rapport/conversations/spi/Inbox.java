package io.rapport.conversations.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where connectors deliver inbound messages; Rapport implements it. For each message it finds the
 * person by the sender's handle on the channel, then by email, then by phone, or creates one; continues
 * the conversation of the message's thread (or the person's open one on the channel when there is no
 * thread key) or opens one; and puts the message on the person's timeline.
 */
@ProviderType
public interface Inbox {
    /**
     * Files one message. A message whose {@link InboundMessage#messageId() id} was already delivered on
     * the channel is not stored again ({@link Delivery#duplicate()}), so connectors may retry.
     *
     * @throws IllegalArgumentException when the message misses its channel, handle or text, or a field is too long
     */
    Delivery deliver(InboundMessage message);
}
