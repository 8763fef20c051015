package io.rapport.conversations.spi;

/** A reply that could not be delivered; the message is shown to the agent, e.g. "the relay refused the recipient". */
public class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeliveryException(String reason) {
        super(reason);
    }

    public DeliveryException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
