package io.rapport.conversations.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;
import javax.persistence.Version;

/**
 * A conversation with one person on one channel. The unique thread (channel, thread key, person) keeps
 * two first messages of one thread from opening two conversations; a null thread key is not unique.
 */
@Entity
@Table(name = "CONVERSATIONS_CONVERSATION", indexes = {
        @Index(name = "CONVERSATIONS_CONV_PERSON", columnList = "PERSON_ID,CREATED_AT,ID"),
        @Index(name = "CONVERSATIONS_CONV_CREATED", columnList = "CREATED_AT,ID") },
        uniqueConstraints = @UniqueConstraint(name = "CONVERSATIONS_CONV_THREAD", columnNames = { "CHANNEL", "THREAD_KEY", "PERSON_ID" }))
public class ConversationEntity {
    @Id
    @Column(name = "ID", length = 40)
    public String id;

    @Version
    @Column(name = "VERSION")
    public long version;

    @Column(name = "PERSON_ID", length = 40, nullable = false)
    public String personId;

    @Column(name = "CHANNEL", length = 64, nullable = false)
    public String channel;

    @Column(name = "THREAD_KEY", length = InboxImpl.MAX_KEY)
    public String threadKey;

    /** Where replies go: the handle of the person's latest message. */
    @Column(name = "HANDLE", length = InboxImpl.MAX_HANDLE, nullable = false)
    public String handle;

    /** The channel's id of the person's latest message, for the reply's In-Reply-To. */
    @Column(name = "LAST_INBOUND_ID", length = InboxImpl.MAX_KEY)
    public String lastInboundId;

    @Column(name = "SUBJECT", length = InboxImpl.MAX_SUBJECT)
    public String subject;

    @Column(name = "STATE", length = 10, nullable = false)
    public String state;

    @Column(name = "TICKET", nullable = false)
    public boolean ticket;

    /** Epoch microseconds, from {@code MonotonicClock}: unique and in creation order. */
    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    public long updatedAt;

    @Column(name = "CLOSED_AT")
    public Long closedAt;

    @Column(name = "FIRST_RESPONSE_AT")
    public Long firstResponseAt;

    @Column(name = "MESSAGE_COUNT", nullable = false)
    public int messageCount;

    @Column(name = "LAST_MESSAGE_AT")
    public Long lastMessageAt;

    /** The start of the newest message, either way, for lists (null on conversations from before 1.1). */
    @Column(name = "LAST_EXCERPT", length = 1000)
    public String lastExcerpt;
}
