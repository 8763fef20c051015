package io.rapport.conversations.api;

import io.rapport.platform.api.ChangeEvents;

/**
 * Change-log topics of conversations. Every one has model {@code person} and the person's id, so it
 * shows on their timeline, and carries {@value #CONVERSATION_ID}, {@value #CHANNEL} and {@value #SUBJECT};
 * message topics also {@value #MESSAGE_ID} and {@value #EXCERPT} (up to {@value #EXCERPT_LENGTH}
 * characters), replies {@value #AUTHOR}.
 */
public final class ConversationsEvents {
    public static final String OPENED = ChangeEvents.topic("conversations", "OPENED");
    public static final String MESSAGE_RECEIVED = ChangeEvents.topic("conversations", "MESSAGE_RECEIVED");
    public static final String REPLIED = ChangeEvents.topic("conversations", "REPLIED");
    public static final String CLOSED = ChangeEvents.topic("conversations", "CLOSED");
    public static final String REOPENED = ChangeEvents.topic("conversations", "REOPENED");
    public static final String TICKET_MARKED = ChangeEvents.topic("conversations", "TICKET_MARKED");
    public static final String TICKET_UNMARKED = ChangeEvents.topic("conversations", "TICKET_UNMARKED");
    public static final String ALL = "rapport/conversations/*";

    public static final String CONVERSATION_ID = "conversation_id";
    public static final String CHANNEL = "channel";
    public static final String SUBJECT = "subject";
    public static final String MESSAGE_ID = "message_id";
    public static final String EXCERPT = "excerpt";
    public static final String AUTHOR = "author";

    public static final int EXCERPT_LENGTH = 200;

    private ConversationsEvents() {
    }
}
