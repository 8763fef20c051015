package io.rapport.conversations.spi;

import java.time.Instant;
import java.util.Objects;

/** One message a person sent through a channel. Build it with {@link #builder(String, String, String)}. */
public final class InboundMessage {
    private final String channel;
    private final String handle;
    private final String text;
    private final String name;
    private final String email;
    private final String phone;
    private final String ipAddress;
    private final String userAgent;
    private final Instant sentAt;
    private final String threadKey;
    private final String messageId;
    private final String subject;

    private InboundMessage(Builder b) {
        this.channel = b.channel;
        this.handle = b.handle;
        this.text = b.text;
        this.name = b.name;
        this.email = b.email;
        this.phone = b.phone;
        this.ipAddress = b.ipAddress;
        this.userAgent = b.userAgent;
        this.sentAt = b.sentAt;
        this.threadKey = b.threadKey;
        this.messageId = b.messageId;
        this.subject = b.subject;
    }

    /**
     * @param channel the connector's channel name ({@link ChannelConnector#CHANNEL})
     * @param handle who sent it, as the channel knows them: an email address, a chat visitor id, ...
     * @param text what they wrote (plain text)
     */
    public static Builder builder(String channel, String handle, String text) {
        return new Builder(channel, handle, text);
    }

    public String channel() { return channel; }
    public String handle() { return handle; }
    public String text() { return text; }
    /** The sender's name, when the channel knows it; null otherwise. */
    public String name() { return name; }
    public String email() { return email; }
    public String phone() { return phone; }
    /** The sender's IP address (v4 or v6, as text), when known: Rapport fills the person's location from it. */
    public String ipAddress() { return ipAddress; }
    public String userAgent() { return userAgent; }
    /** When it was sent; null means when it was delivered. */
    public Instant sentAt() { return sentAt; }
    /** The channel's id of the thread (an email's first Message-ID, a chat session id); null when the channel has none. */
    public String threadKey() { return threadKey; }
    /** The channel's id of this message, used to drop a redelivered duplicate; null when the channel has none. */
    public String messageId() { return messageId; }
    /** A subject line, for channels that have one (email); null otherwise. */
    public String subject() { return subject; }

    public static final class Builder {
        private final String channel;
        private final String handle;
        private final String text;
        private String name;
        private String email;
        private String phone;
        private String ipAddress;
        private String userAgent;
        private Instant sentAt;
        private String threadKey;
        private String messageId;
        private String subject;

        private Builder(String channel, String handle, String text) {
            this.channel = Objects.requireNonNull(channel, "channel");
            this.handle = Objects.requireNonNull(handle, "handle");
            this.text = Objects.requireNonNull(text, "text");
        }

        public Builder name(String name) { this.name = name; return this; }
        public Builder email(String email) { this.email = email; return this; }
        public Builder phone(String phone) { this.phone = phone; return this; }
        public Builder ipAddress(String ipAddress) { this.ipAddress = ipAddress; return this; }
        public Builder userAgent(String userAgent) { this.userAgent = userAgent; return this; }
        public Builder sentAt(Instant sentAt) { this.sentAt = sentAt; return this; }
        public Builder threadKey(String threadKey) { this.threadKey = threadKey; return this; }
        public Builder messageId(String messageId) { this.messageId = messageId; return this; }
        public Builder subject(String subject) { this.subject = subject; return this; }

        public InboundMessage build() {
            return new InboundMessage(this);
        }
    }
}
