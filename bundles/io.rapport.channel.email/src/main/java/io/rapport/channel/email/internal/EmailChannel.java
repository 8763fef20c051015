package io.rapport.channel.email.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

import io.rapport.conversations.spi.ChannelConnector;
import io.rapport.conversations.spi.Delivery;
import io.rapport.conversations.spi.InboundMessage;
import io.rapport.conversations.spi.Inbox;
import io.rapport.platform.api.PluginGuard;
import io.rapport.platform.api.PluginStatus;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * The email channel: an SMTP server (SubEthaSMTP, embedded) that hands every mail to the {@link Inbox}
 * and answers 250 only once it is stored, 451 when it could not be (the sending server retries, so
 * nothing is lost); and the {@link ChannelConnector} that sends replies through the relay. Works
 * without configuration (127.0.0.1:2525, replies not delivered). The connector is registered by hand
 * so that the relay password is never published as a service property.
 */
@Component(configurationPid = EmailConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = EmailConfig.class)
public class EmailChannel {
    private static final Logger LOG = LoggerFactory.getLogger(EmailChannel.class);
    static final String SMTP_PROPERTY = "rapport.channel.email.smtp";
    private static final Pattern CHANNEL_NAME = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$");

    private final BundleContext context;
    private final PluginGuard guard;
    private final String name;
    private final Set<String> acceptedDomains;
    private final int maxBytes;
    private final Session session;
    private final String problem;
    private SMTPServer server;
    private ServiceRegistration<ChannelConnector> registration;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Inbox inbox;

    @Activate
    public EmailChannel(BundleContext context, EmailConfig config, @Reference PluginGuard guard) {
        this.context = context;
        this.guard = guard;
        this.name = config.channel() == null ? "" : config.channel().trim();
        this.acceptedDomains = Arrays.stream(config.accepted_domains()).flatMap(d -> Arrays.stream(d.split(",")))
                .map(d -> d.trim().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.maxBytes = config.max_message_bytes();
        this.session = withOurClassLoader(() -> Session.getInstance(new Properties()));
        String trouble = null;
        ChannelConnector connector = null;
        InetAddress bind = null;
        try {
            if (!CHANNEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'channel' must be 1 to 40 lower-case letters, digits or '-', was '" + name + "'");
            }
            if (maxBytes < 1024) {
                throw new IllegalArgumentException("'max.message.bytes' must be at least 1024, was " + maxBytes);
            }
            if (config.smtp_port() < 0 || config.smtp_port() > 65535) {
                throw new IllegalArgumentException("'smtp.port' must be 0 to 65535, was " + config.smtp_port());
            }
            bind = bindAddress(config.smtp_host());
            connector = connector(config);
        } catch (IllegalArgumentException e) {
            trouble = "the email channel's configuration (" + EmailConfig.PID + ") is not usable: " + e.getMessage();
        }
        if (trouble == null) {
            try {
                SMTPServer s = SMTPServer.port(config.smtp_port()).bindAddress(bind).maxMessageSize(maxBytes)
                        .softwareName("Rapport").serverThreadName("rapport-smtp-" + name).connectionTimeoutMs(60_000)
                        .messageHandlerFactory(this::handler).build();
                s.start();
                server = s;
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                trouble = "the email channel's SMTP server cannot listen on " + config.smtp_host() + ":" + config.smtp_port() + ": " + cause;
            }
        }
        this.problem = trouble;
        if (trouble != null) {
            LOG.error("Email channel '{}' not opened: {}", name, trouble);
            guard.report(context.getBundle(), PluginStatus.State.DEGRADED, trouble);
            return;
        }
        String listening = bind.getHostAddress() + ":" + server.getPortAllocated();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ChannelConnector.CHANNEL, name);
        properties.put(ChannelConnector.LABEL, config.label() == null || config.label().isBlank() ? "Email" : config.label().trim());
        properties.put(SMTP_PROPERTY, listening);
        registration = context.registerService(ChannelConnector.class, connector, properties);
        LOG.info("Email channel '{}' receiving SMTP on {}{}", name, listening, connector.canSend()
                ? ", replies through " + config.relay_host() + ":" + config.relay_port()
                : " (replies are not delivered: set relay.host and from.address)");
    }

    private static InetAddress bindAddress(String host) {
        String h = host == null || host.isBlank() ? "127.0.0.1" : host.trim();
        try {
            return InetAddress.getByName(h);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'smtp.host' is not an address of this machine: '" + h + "'");
        }
    }

    private EmailConnector connector(EmailConfig config) {
        String relay = blankToNull(config.relay_host());
        String fromText = blankToNull(config.from_address());
        InternetAddress from = null;
        if (fromText != null) {
            try {
                from = ReplyMail.parseFrom(fromText);
            } catch (AddressException e) {
                throw new IllegalArgumentException("'from.address' is not an email address: '" + fromText + "'");
            }
        }
        if (relay != null && (config.relay_port() < 1 || config.relay_port() > 65535)) {
            throw new IllegalArgumentException("'relay.port' must be 1 to 65535, was " + config.relay_port());
        }
        InternetAddress sender = from;
        return withOurClassLoader(() -> new EmailConnector(name, relay, config.relay_port(), blankToNull(config.relay_username()),
                blankToNull(config.relay_password()), config.relay_starttls(), sender));
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping: the framework unregistered it
            }
        }
        if (server != null) {
            server.stop();
        }
        if (problem != null) { // the configuration was changed or removed: its problem is gone with it
            guard.report(context.getBundle(), PluginStatus.State.OK, null);
        }
    }

    private MessageHandler handler(MessageContext smtp) {
        return new MessageHandler() {
            private String sender;

            @Override
            public void from(String from) {
                sender = from;
            }

            @Override
            public void recipient(String recipient) throws RejectException {
                if (!accepts(recipient)) {
                    throw new RejectException(550, "5.7.1 <" + recipient + ">: mail for this domain is not accepted here");
                }
            }

            @Override
            public String data(InputStream data) throws RejectException, IOException {
                byte[] raw = read(data);
                return receive(raw, sender);
            }

            @Override
            public void done() {
            }
        };
    }

    boolean accepts(String recipient) {
        if (acceptedDomains.isEmpty()) {
            return true;
        }
        String r = recipient == null ? "" : recipient.trim().toLowerCase(Locale.ROOT);
        int at = r.lastIndexOf('@');
        return at > 0 && acceptedDomains.contains(r.substring(at + 1).replaceAll(">$", ""));
    }

    /** The whole mail; a too big one is read to its end (so the session goes on) and refused for good with 552. */
    private byte[] read(InputStream data) throws IOException, RejectException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean tooBig = false;
        for (int n; (n = data.read(buffer)) != -1;) {
            if (!tooBig) {
                out.write(buffer, 0, n);
                tooBig = out.size() > maxBytes;
            }
        }
        if (tooBig) {
            throw new RejectException(552, "5.3.4 Message too big: at most " + maxBytes + " bytes are accepted");
        }
        return out.toByteArray();
    }

    /** Files one mail; the answer is the text of the 250 reply. */
    private String receive(byte[] raw, String envelopeSender) throws RejectException {
        InboundMessage message;
        try {
            message = withOurClassLoader(() -> InboundMail.read(session, name, raw, envelopeSender));
        } catch (IllegalArgumentException e) {
            throw new RejectException(554, "5.6.0 " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Email channel '{}': unreadable mail from {} refused", name, envelopeSender, e);
            throw new RejectException(554, "5.6.0 The message could not be read as MIME");
        }
        Inbox current = inbox;
        if (current == null) {
            throw new RejectException(451, "4.3.0 Conversations are not available right now; try again later");
        }
        try {
            Delivery d = current.deliver(message);
            return "2.0.0 Ok: " + (d.duplicate() ? "already received as " : "received as ") + d.messageId();
        } catch (IllegalArgumentException e) {
            throw new RejectException(554, "5.6.0 " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Email channel '{}': the inbox failed to file a mail from {}; asked the sender to retry", name, envelopeSender, e);
            throw new RejectException(451, "4.3.0 The message could not be stored right now; try again later");
        }
    }

    private static <T> T withOurClassLoader(Callable<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmailChannel.class.getClassLoader());
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
