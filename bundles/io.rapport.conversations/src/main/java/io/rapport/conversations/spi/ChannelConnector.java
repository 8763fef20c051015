package io.rapport.conversations.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A channel, implemented by a plugin and registered as an OSGi service with the property
 * {@value #CHANNEL}. Inbound messages go the other way: the connector hands them to the {@link Inbox}
 * service. Rapport calls the connector only through its plugin guard (time limit, exceptions caught),
 * so a connector that throws or hangs is reported and contained.
 */
@ConsumerType
public interface ChannelConnector {
    /** Service property: the channel's name, e.g. {@code webhook} or {@code email}: lower case, unique among running connectors. */
    String CHANNEL = "rapport.channel";
    /** Service property, optional: a label for people, e.g. "Website chat". */
    String LABEL = "rapport.channel.label";

    /** Whether {@link #send} delivers replies; when false, agents' replies are kept but not delivered. */
    boolean canSend();

    /**
     * Delivers an agent's reply to the person. Called at most once per reply, within a time limit.
     *
     * @throws DeliveryException when the reply could not be delivered, with the reason for the agent
     */
    void send(OutboundMessage reply) throws DeliveryException;
}
