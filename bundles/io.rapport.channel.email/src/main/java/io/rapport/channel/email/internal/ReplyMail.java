package io.rapport.channel.email.internal;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;

import io.rapport.conversations.spi.OutboundMessage;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.ByteArrayDataSource;

/** An agent's reply as an email answering the person's last one, so that mail clients thread it. */
final class ReplyMail {
    private ReplyMail() {
    }

    static MimeMessage build(Session session, InternetAddress from, OutboundMessage reply) throws MessagingException {
        MimeMessage mail = new FixedIdMessage(session, "<" + reply.messageId() + "@" + domainOf(from) + ">");
        InternetAddress sender = from;
        if (reply.agentName() != null && !reply.agentName().isBlank() && from.getPersonal() == null) {
            try {
                sender = new InternetAddress(from.getAddress(), reply.agentName().strip(), "UTF-8");
            } catch (UnsupportedEncodingException e) {
                sender = from; // UTF-8 is always there
            }
        }
        mail.setFrom(sender);
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(reply.handle(), true));
        mail.setSubject(subject(reply.subject()), "UTF-8");
        mail.setSentDate(new Date());
        String parent = reply.inReplyTo();
        if (parent != null && !parent.isBlank()) {
            mail.setHeader("In-Reply-To", parent);
            String root = reply.threadKey();
            mail.setHeader("References", root != null && root.startsWith("<") && !root.equals(parent) ? root + " " + parent : parent);
        }
        // A DataSource rather than setText: writing it needs no content handler from the activation framework.
        mail.setDataHandler(new DataHandler(new ByteArrayDataSource(reply.text().getBytes(StandardCharsets.UTF_8),
                "text/plain; charset=UTF-8")));
        mail.saveChanges();
        return mail;
    }

    static String subject(String subject) {
        if (subject == null || subject.isBlank()) {
            return "Re: your message";
        }
        String s = subject.strip();
        return s.toLowerCase(Locale.ROOT).startsWith("re:") ? s : "Re: " + s;
    }

    static InternetAddress parseFrom(String from) throws AddressException {
        InternetAddress[] parsed = InternetAddress.parse(from, true);
        if (parsed.length != 1) {
            throw new AddressException("must be exactly one address", from);
        }
        parsed[0].validate();
        return parsed[0];
    }

    private static String domainOf(InternetAddress address) {
        String a = address.getAddress();
        return a.substring(a.indexOf('@') + 1);
    }

    /** Keeps the Message-ID made from Rapport's id of the reply, so that a retried reply has the same one. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
