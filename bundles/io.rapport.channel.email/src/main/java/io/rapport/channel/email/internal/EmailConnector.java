package io.rapport.channel.email.internal;

import java.util.Properties;

import io.rapport.conversations.spi.ChannelConnector;
import io.rapport.conversations.spi.DeliveryException;
import io.rapport.conversations.spi.OutboundMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** The email channel's connector: replies go out through the configured SMTP relay. */
final class EmailConnector implements ChannelConnector {
    static final int TIMEOUT_MS = 5_000;

    private final String channel;
    private final String relayHost;
    private final int relayPort;
    private final String username;
    private final String password;
    private final InternetAddress from;
    private final Session session;

    /** @param from null when replies are not to be sent (no relay or no from.address) */
    EmailConnector(String channel, String relayHost, int relayPort, String username, String password, boolean starttls,
            InternetAddress from) {
        this.channel = channel;
        this.relayHost = relayHost;
        this.relayPort = relayPort;
        this.username = username;
        this.password = password;
        this.from = from;
        Properties p = new Properties();
        p.setProperty("mail.smtp.connectiontimeout", String.valueOf(TIMEOUT_MS));
        p.setProperty("mail.smtp.timeout", String.valueOf(TIMEOUT_MS));
        p.setProperty("mail.smtp.writetimeout", String.valueOf(TIMEOUT_MS));
        p.setProperty("mail.smtp.starttls.enable", String.valueOf(starttls));
        p.setProperty("mail.smtp.starttls.required", String.valueOf(starttls));
        p.setProperty("mail.smtp.auth", String.valueOf(username != null));
        if (from != null) {
            p.setProperty("mail.smtp.from", from.getAddress());
        }
        this.session = Session.getInstance(p);
    }

    @Override
    public boolean canSend() {
        return relayHost != null && from != null;
    }

    @Override
    public void send(OutboundMessage reply) throws DeliveryException {
        if (!canSend()) {
            throw new DeliveryException("The email channel '" + channel + "' has no relay.host or from.address: replies are not delivered.");
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // Jakarta Mail finds its SMTP provider through the context class loader: ours embeds it.
        Thread.currentThread().setContextClassLoader(EmailConnector.class.getClassLoader());
        try {
            MimeMessage mail;
            try {
                mail = ReplyMail.build(session, from, reply);
            } catch (MessagingException e) {
                throw new DeliveryException("The reply could not be written as an email to '" + reply.handle() + "': " + e.getMessage(), e);
            }
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(relayHost, relayPort, username, password);
                transport.sendMessage(mail, mail.getAllRecipients());
            } catch (SendFailedException e) {
                throw new DeliveryException("The relay " + relayHost + ":" + relayPort + " refused the reply to '" + reply.handle() + "': "
                        + e.getMessage().strip(), e);
            } catch (MessagingException e) {
                throw new DeliveryException("The reply could not be sent through the relay " + relayHost + ":" + relayPort + ": "
                        + describe(e), e);
            }
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static String describe(MessagingException e) {
        Throwable cause = e.getNextException() != null ? e.getNextException() : e.getCause();
        return (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip())
                + (cause != null && cause != e ? " (" + cause + ")" : "");
    }
}
