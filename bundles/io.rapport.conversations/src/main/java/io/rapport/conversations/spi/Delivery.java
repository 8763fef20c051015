package io.rapport.conversations.spi;

/** Where the {@link Inbox} filed an inbound message. */
public final class Delivery {
    private final String personId;
    private final String conversationId;
    private final String messageId;
    private final boolean createdPerson;
    private final boolean openedConversation;
    private final boolean duplicate;

    public Delivery(String personId, String conversationId, String messageId, boolean createdPerson,
            boolean openedConversation, boolean duplicate) {
        this.personId = personId;
        this.conversationId = conversationId;
        this.messageId = messageId;
        this.createdPerson = createdPerson;
        this.openedConversation = openedConversation;
        this.duplicate = duplicate;
    }

    public String personId() { return personId; }
    public String conversationId() { return conversationId; }
    /** Rapport's id of the stored message ({@code msg_...}). */
    public String messageId() { return messageId; }
    /** Whether the sender was not known and a person was created. */
    public boolean createdPerson() { return createdPerson; }
    /** Whether a new conversation was opened (rather than an existing one continued). */
    public boolean openedConversation() { return openedConversation; }
    /** Whether the message had been delivered before and was not stored again. */
    public boolean duplicate() { return duplicate; }
}
