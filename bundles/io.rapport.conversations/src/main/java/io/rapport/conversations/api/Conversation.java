package io.rapport.conversations.api;

import java.time.Instant;
import java.util.List;

/** A conversation with one person on one channel; {@link #version()} is the ETag's value. */
public class Conversation {
    public static final String OPEN = "open";
    public static final String CLOSED = "closed";

    public String id;
    public String personId;
    public String channel;
    /** The channel's thread id (an email's first Message-ID, a chat session); null when it has none. */
    public String threadKey;
    public String subject;
    /** {@value #OPEN} or {@value #CLOSED}. */
    public String state;
    public boolean ticket;
    public Instant createdAt;
    public Instant updatedAt;
    /** Null while open. */
    public Instant closedAt;
    /** When an agent first replied; null until then. */
    public Instant firstResponseAt;
    public int messageCount;
    public Instant lastMessageAt;
    /** The start of the newest message (either way), at most {@link ConversationsEvents#EXCERPT_LENGTH} characters; null before 1.1. @since 1.1 */
    public String lastExcerpt;
    /** Oldest first; null when the conversation was read without its messages (lists). */
    public List<Message> messages;

    private long version;

    public long version() {
        return version;
    }

    public Conversation version(long version) {
        this.version = version;
        return this;
    }
}
