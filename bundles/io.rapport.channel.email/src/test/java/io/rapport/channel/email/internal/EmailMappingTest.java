package io.rapport.channel.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.rapport.conversations.spi.InboundMessage;
import io.rapport.conversations.spi.OutboundMessage;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

class EmailMappingTest {
    private static final Session SESSION = Session.getInstance(new Properties());

    private static InboundMessage read(String mail) throws Exception {
        return InboundMail.read(SESSION, "email", mail.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8), "bounce@lists.example");
    }

    @Test
    void plainMailMapsToAnInboundMessage() throws Exception {
        InboundMessage m = read("From: \"Ada Lovelace\" <Ada@Example.COM>\n"
                + "To: support@acme.example\n"
                + "Subject: Invoice missing\n"
                + "Date: Sun, 22 Nov 2026 10:00:00 +0000\n"
                + "Message-ID: <first@example.com>\n"
                + "\n"
                + "Hello, where is my invoice?\n"
                + "Second line.\n");
        assertEquals("email", m.channel());
        assertEquals("ada@example.com", m.handle());
        assertEquals("ada@example.com", m.email());
        assertEquals("Ada Lovelace", m.name());
        assertEquals("Invoice missing", m.subject());
        assertEquals("Hello, where is my invoice?\nSecond line.", m.text(), "CRLF as \\n");
        assertEquals("<first@example.com>", m.messageId());
        assertEquals("<first@example.com>", m.threadKey());
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), m.sentAt());
        assertNull(m.ipAddress());
    }

    @Test
    void threadKeyIsTheFirstReferenceElseInReplyTo() throws Exception {
        InboundMessage withReferences = read("From: ada@example.com\nMessage-ID: <third@example.com>\n"
                + "In-Reply-To: <second@acme.example>\nReferences: <first@example.com>\n <second@acme.example>\n\nthanks\n");
        assertEquals("<first@example.com>", withReferences.threadKey());
        assertEquals("<third@example.com>", withReferences.messageId());
        InboundMessage inReplyToOnly = read("From: ada@example.com\nMessage-ID: <x@example.com>\nIn-Reply-To: <first@example.com>\n\nok\n");
        assertEquals("<first@example.com>", inReplyToOnly.threadKey());
        InboundMessage none = read("From: ada@example.com\n\nno ids at all\n");
        assertNull(none.threadKey());
        assertNull(none.messageId());
        assertEquals("(no text)", read("From: ada@example.com\nSubject: empty\n\n\n").text());
    }

    @Test
    void multipartPrefersThePlainPartAndDecodesIt() throws Exception {
        InboundMessage m = read("From: =?UTF-8?Q?Ren=C3=A9e?= <renee@example.fr>\n"
                + "Subject: =?UTF-8?Q?Caf=C3=A9?=\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"outer\"\n"
                + "\n"
                + "--outer\n"
                + "Content-Type: multipart/alternative; boundary=\"inner\"\n"
                + "\n"
                + "--inner\n"
                + "Content-Type: text/plain; charset=UTF-8\n"
                + "Content-Transfer-Encoding: quoted-printable\n"
                + "\n"
                + "Un caf=C3=A9, s'il vous pla=C3=AEt.\n"
                + "--inner\n"
                + "Content-Type: text/html; charset=UTF-8\n"
                + "\n"
                + "<p>HTML version</p>\n"
                + "--inner--\n"
                + "--outer\n"
                + "Content-Type: text/plain; name=notes.txt\n"
                + "Content-Disposition: attachment; filename=notes.txt\n"
                + "\n"
                + "attached, not the message\n"
                + "--outer--\n");
        assertEquals("Un café, s'il vous plaît.", m.text());
        assertEquals("Renée", m.name());
        assertEquals("Café", m.subject());
    }

    @Test
    void htmlOnlyMailIsStrippedOfTags() throws Exception {
        InboundMessage m = read("From: bob@example.com\nMIME-Version: 1.0\nContent-Type: text/html; charset=ISO-8859-1\n"
                + "Content-Transfer-Encoding: base64\n\n"
                + java.util.Base64.getMimeEncoder().encodeToString(
                        "<html><head><style>p{}</style></head><body><p>Hi &amp; hello,</p><p>line&nbsp;two<br>three</p><script>x()</script></body></html>"
                                .getBytes(StandardCharsets.ISO_8859_1))
                + "\n");
        assertEquals("Hi & hello,\n\nline two\nthree", m.text()); // paragraphs apart, line breaks kept
    }

    @Test
    void fromFallsBackToTheEnvelopeAndWithoutAnyIsRefused() throws Exception {
        assertEquals("bounce@lists.example", read("Subject: no from\n\nbody\n").handle());
        assertThrows(IllegalArgumentException.class,
                () -> InboundMail.read(SESSION, "email", "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), ""));
    }

    @Test
    void replyAnswersTheLastMailInItsThread() throws Exception {
        OutboundMessage reply = new OutboundMessage("cnv_1", "msg_42", "ada@example.com", "<first@example.com>",
                "<third@example.com>", "Invoice missing", "It is attached — sorry!", "Grace");
        MimeMessage mail = ReplyMail.build(SESSION, ReplyMail.parseFrom("support@acme.example"), reply);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(out);
        MimeMessage parsed = new MimeMessage(SESSION, new java.io.ByteArrayInputStream(out.toByteArray()));
        assertEquals("Re: Invoice missing", parsed.getSubject());
        assertEquals("<third@example.com>", parsed.getHeader("In-Reply-To", null));
        assertEquals("<first@example.com> <third@example.com>", parsed.getHeader("References", null));
        assertEquals("<msg_42@acme.example>", parsed.getMessageID());
        assertEquals("ada@example.com", ((InternetAddress) parsed.getAllRecipients()[0]).getAddress());
        InternetAddress from = (InternetAddress) parsed.getFrom()[0];
        assertEquals("support@acme.example", from.getAddress());
        assertEquals("Grace", from.getPersonal());
        assertEquals("It is attached — sorry!", InboundMail.read(SESSION, "email", out.toByteArray(), null).text());
        assertEquals("Re: already", ReplyMail.subject("Re: already"));
        assertEquals("Re: your message", ReplyMail.subject(null));
    }

    @Test
    void htmlToText() {
        assertEquals("a < b\n\nc", Html.toText("a &lt; b<p></p><p></p>c"));
        assertTrue(Html.toText("<div>x</div><!-- hidden -->").equals("x"));
    }
}
