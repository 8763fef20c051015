package io.rapport.conversations.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

/**
 * One message. The channel's message id is unique per channel, so a redelivered message cannot be
 * stored twice even by two deliveries at once (replies have none; nulls are not unique).
 */
@Entity
@Table(name = "CONVERSATIONS_MESSAGE", indexes = {
        @Index(name = "CONVERSATIONS_MSG_CONV", columnList = "CONVERSATION_ID,CREATED_AT"),
        @Index(name = "CONVERSATIONS_MSG_PERSON", columnList = "PERSON_ID") },
        uniqueConstraints = @UniqueConstraint(name = "CONVERSATIONS_MSG_CHANNEL_ID", columnNames = { "CHANNEL", "CHANNEL_MESSAGE_ID" }))
public class MessageEntity {
    @Id
    @Column(name = "ID", length = 40)
    public String id;

    @Column(name = "CONVERSATION_ID", length = 40, nullable = false)
    public String conversationId;

    @Column(name = "PERSON_ID", length = 40, nullable = false)
    public String personId;

    @Column(name = "CHANNEL", length = 64, nullable = false)
    public String channel;

    @Column(name = "DIRECTION", length = 3, nullable = false)
    public String direction;

    // Sized in UTF-16 units for Derby's CLOB (100 000 characters may be twice as many units); PostgreSQL gets TEXT.
    @Lob
    @Column(name = "TEXT", length = 2 * 100_000, nullable = false)
    public String text;

    /** Epoch microseconds: when it was sent, as the channel says (inbound) or when stored (replies). */
    @Column(name = "SENT_AT", nullable = false)
    public long sentAt;

    /** Epoch microseconds, from {@code MonotonicClock}: the order of arrival, which is the conversation's order. */
    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;

    @Column(name = "CHANNEL_MESSAGE_ID", length = InboxImpl.MAX_KEY)
    public String channelMessageId;

    @Column(name = "AUTHOR", length = 200)
    public String author;

    @Column(name = "AUTHOR_TOKEN_ID", length = 40)
    public String authorTokenId;

    @Column(name = "DELIVERY_STATUS", length = 10)
    public String deliveryStatus;

    @Column(name = "DELIVERY_ERROR", length = 1000)
    public String deliveryError;
}
