package ${package}.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.conversations.spi.ChannelConnector;
import io.rapport.conversations.spi.Delivery;
import io.rapport.conversations.spi.DeliveryException;
import io.rapport.conversations.spi.InboundMessage;
import io.rapport.conversations.spi.Inbox;
import io.rapport.conversations.spi.OutboundMessage;

/**
 * A channel connector. A real one listens to its channel (a socket, a poll, an HTTP endpoint) and hands
 * each message to the Inbox; this example takes them from {@link #receive} and keeps replies in memory.
 */
@Component(service = ChannelConnector.class,
        property = { ChannelConnector.CHANNEL + "=${channelName}", ChannelConnector.LABEL + "=Example channel" })
public class ExampleChannel implements ChannelConnector {
    private final Inbox inbox;
    private final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();

    @Activate
    public ExampleChannel(@Reference Inbox inbox) {
        this.inbox = inbox;
    }

    /** What the channel's listener does with each message that arrives. */
    public Delivery receive(String handle, String email, String text) {
        return inbox.deliver(InboundMessage.builder("${channelName}", handle, text).email(email).build());
    }

    @Override
    public boolean canSend() {
        return true;
    }

    @Override
    public void send(OutboundMessage reply) throws DeliveryException {
        if (reply.text().isBlank()) {
            throw new DeliveryException("nothing to send");
        }
        sent.add(reply);
    }

    public List<OutboundMessage> sent() {
        return List.copyOf(sent);
    }
}
