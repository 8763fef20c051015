package io.rapport.conversations.spi;

/** An agent's reply, for {@link ChannelConnector#send}. */
public final class OutboundMessage {
    private final String conversationId;
    private final String messageId;
    private final String handle;
    private final String threadKey;
    private final String inReplyTo;
    private final String subject;
    private final String text;
    private final String agentName;

    public OutboundMessage(String conversationId, String messageId, String handle, String threadKey, String inReplyTo,
            String subject, String text, String agentName) {
        this.conversationId = conversationId;
        this.messageId = messageId;
        this.handle = handle;
        this.threadKey = threadKey;
        this.inReplyTo = inReplyTo;
        this.subject = subject;
        this.text = text;
        this.agentName = agentName;
    }

    public String conversationId() { return conversationId; }
    /** Rapport's id of the reply ({@code msg_...}); stable, so a connector may use it to drop duplicates. */
    public String messageId() { return messageId; }
    /** The recipient's handle on the channel, as their inbound messages gave it. */
    public String handle() { return handle; }
    /** The conversation's thread key on the channel; null when it has none. */
    public String threadKey() { return threadKey; }
    /** The channel's id of the person's last inbound message (e.g. an email's Message-ID); null when none. */
    public String inReplyTo() { return inReplyTo; }
    /** The conversation's subject, for channels that have one; null otherwise. */
    public String subject() { return subject; }
    public String text() { return text; }
    /** The replying agent's name (their token's name). */
    public String agentName() { return agentName; }
}
