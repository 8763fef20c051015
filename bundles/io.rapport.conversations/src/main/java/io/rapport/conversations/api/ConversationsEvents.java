package io.rapport.conversations.api;

/**
 * Change-log topics of conversations. Every one has model {@code person} and the person's id, so it
 * shows on their timeline, and carries {@value #CONVERSATION_ID}, {@value #CHANNEL} and {@value #SUBJECT};
 * message topics also {@value #MESSAGE_ID} and {@value #EXCERPT} (up to {@value #EXCERPT_LENGTH}
 * characters), replies {@value #AUTHOR}.
 */
public final class ConversationsEvents {
    public static final String OPENED = "rapport/conversations/OPENED";
    public static final String MESSAGE_RECEIVED = "rapport/conversations/MESSAGE_RECEIVED";
    public static final String REPLIED = "rapport/conversations/REPLIED";
    public static final String CLOSED = "rapport/conversations/CLOSED";
    public static final String REOPENED = "rapport/conversations/REOPENED";
    public static final String TICKET_MARKED = "rapport/conversations/TICKET_MARKED";
    public static final String TICKET_UNMARKED = "rapport/conversations/TICKET_UNMARKED";
    /** A conversation was deleted with its person; model {@code conversation}, subject the conversation's id. */
    public static final String DELETED = "rapport/conversations/DELETED";
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
