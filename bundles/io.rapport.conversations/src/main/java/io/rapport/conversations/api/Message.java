package io.rapport.conversations.api;

import java.time.Instant;

/** One message of a conversation: from the person ({@value #IN}) or an agent's reply ({@value #OUT}). */
public class Message {
    public static final String IN = "in";
    public static final String OUT = "out";

    /** Delivery of a reply: the connector delivered it. */
    public static final String SENT = "sent";
    /** Delivery of a reply: the connector refused it, threw or did not answer in time; see {@link #deliveryError}. */
    public static final String FAILED = "failed";
    /** Delivery of a reply: no running connector of the channel can send; the reply is kept. */
    public static final String NOT_SENT = "not_sent";
    /** Delivery of a reply: the connector is being called. */
    public static final String SENDING = "sending";

    public String id;
    public String conversationId;
    /** {@value #IN} or {@value #OUT}. */
    public String direction;
    public String text;
    public Instant sentAt;
    /** The replying agent's name (out); null for the person's messages. */
    public String author;
    /** The channel's id of the message (in), used to drop redeliveries; null when the channel has none. */
    public String channelMessageId;
    /** For replies: {@link #SENT}, {@link #FAILED}, {@link #NOT_SENT} or {@link #SENDING}; null for inbound messages. */
    public String deliveryStatus;
    /** Why a reply was not delivered; null otherwise. */
    public String deliveryError;
}
