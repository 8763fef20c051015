package io.rapport.channel.email.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rapport.conversations.spi.InboundMessage;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

/**
 * One received email as an {@link InboundMessage}: the sender's address (lower case) is the handle and
 * the email; the From display name the name; the text/plain part the text (else the text/html part
 * without its tags); the thread key the first Message-ID of References, else In-Reply-To, else the
 * mail's own Message-ID, so that a whole email thread is one conversation.
 */
final class InboundMail {
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
    private static final int MAX_PARTS = 100;

    private InboundMail() {
    }

    /** @throws IllegalArgumentException when the mail has no usable sender */
    static InboundMessage read(Session session, String channel, byte[] raw, String envelopeSender) throws MessagingException, IOException {
        MimeMessage mail = new MimeMessage(session, new ByteArrayInputStream(raw));
        InternetAddress from = sender(mail, envelopeSender);
        String address = from.getAddress().toLowerCase(Locale.ROOT);
        String name = from.getPersonal() == null || from.getPersonal().isBlank() ? null : from.getPersonal().strip();
        String messageId = firstId(mail.getHeader("Message-ID", null));
        String text = text(mail, new int[] { 0 });
        text = text == null || text.isBlank() ? "(no text)" : text.replace("\r\n", "\n").replace('\r', '\n'); // mail's CRLF
        String subject = mail.getSubject() == null || mail.getSubject().isBlank() ? null : mail.getSubject().strip();
        Date sent = mail.getSentDate();
        return InboundMessage.builder(channel, address, text.strip()).name(name).email(address).subject(subject)
                .messageId(messageId).threadKey(threadKey(mail, messageId)).sentAt(sent == null ? null : sent.toInstant())
                .build();
    }

    private static InternetAddress sender(MimeMessage mail, String envelopeSender) throws MessagingException {
        try {
            Address[] from = mail.getFrom();
            if (from != null) {
                for (Address a : from) {
                    if (a instanceof InternetAddress && ((InternetAddress) a).getAddress() != null
                            && ((InternetAddress) a).getAddress().contains("@")) {
                        return (InternetAddress) a;
                    }
                }
            }
        } catch (MessagingException unparsableFrom) {
            // fall back to the envelope sender
        }
        if (envelopeSender != null && envelopeSender.contains("@")) {
            return new InternetAddress(envelopeSender, false);
        }
        throw new IllegalArgumentException("the mail has no sender address (no From header and an empty envelope sender)");
    }

    /** References' first id, else In-Reply-To's, else the mail's own Message-ID. */
    static String threadKey(MimeMessage mail, String messageId) throws MessagingException {
        String root = firstId(mail.getHeader("References", " "));
        if (root == null) {
            root = firstId(mail.getHeader("In-Reply-To", " "));
        }
        return root != null ? root : messageId;
    }

    static String firstId(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = MESSAGE_ID.matcher(header);
        return m.find() ? m.group() : null;
    }

    /** The first text/plain part that is not an attachment; else the first text/html one, as text. */
    private static String text(Part part, int[] parts) throws MessagingException, IOException {
        String plain = find(part, "text/plain", parts);
        if (plain != null) {
            return plain;
        }
        parts[0] = 0;
        String html = find(part, "text/html", parts);
        return html == null ? null : Html.toText(html);
    }

    private static String find(Part part, String type, int[] parts) throws MessagingException, IOException {
        if (++parts[0] > MAX_PARTS) {
            return null;
        }
        if (part.isMimeType("multipart/*")) {
            MimeMultipart multipart = new MimeMultipart(part.getDataHandler().getDataSource());
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = find(multipart.getBodyPart(i), type, parts);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return decode(part);
        }
        return null;
    }

    /** The part's text in its charset, without going through the activation framework's handlers. */
    private static String decode(Part part) throws MessagingException, IOException {
        Charset charset = StandardCharsets.UTF_8; // what unlabelled 8-bit mail is, nowadays; ASCII is a subset
        try {
            String name = new ContentType(part.getContentType()).getParameter("charset");
            if (name != null) {
                charset = Charset.forName(MimeUtility.javaCharset(name.trim()));
            }
        } catch (MessagingException | IllegalArgumentException unknownCharset) {
            charset = StandardCharsets.UTF_8;
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), charset);
        }
    }
}
