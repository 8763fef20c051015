package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.attributes.api.AttributesService;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.conversations.spi.ChannelConnector;
import io.rapport.conversations.spi.Delivery;
import io.rapport.conversations.spi.DeliveryException;
import io.rapport.conversations.spi.InboundMessage;
import io.rapport.conversations.spi.Inbox;
import io.rapport.conversations.spi.OutboundMessage;
import io.rapport.people.api.PeopleService;

/** The plugin inside a real Rapport core: real framework, real Derby. */
class PluginTest {
    @InjectService(timeout = 30000)
    AttributesService attributes;

    @InjectService(filter = "(&(objectClass=io.rapport.attributes.spi.AttributeType)(component.name=${package}.internal.ScoreType))", timeout = 30000)
    AttributeType scoreType;

    @InjectService(filter = "(rapport.channel=${channelName})", timeout = 30000)
    ChannelConnector channel;

    @InjectService(timeout = 30000)
    Inbox inbox;

    @InjectService(timeout = 30000)
    PeopleService people;

    @InjectBundleContext
    BundleContext context;

    @Test
    void theTypeIsInstalledAndChecksValues() throws Exception {
        assertTrue(attributes.types().stream().anyMatch(t -> t.name.equals("${typeName}")), "Rapport lists the type");
        assertEquals(42, scoreType.format(scoreType.parse(42, null), null));
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> scoreType.parse(101, null));
        assertTrue(e.getMessage().contains("0 to 100"));
    }

    @Test
    void messagesOnTheChannelBecomePeopleAndConversations() throws Exception {
        String email = "visitor-" + UUID.randomUUID() + "@example.com";
        Delivery first = inbox.deliver(InboundMessage.builder("${channelName}", email, "Hello!").email(email).build());
        assertTrue(first.createdPerson());
        assertEquals(first.personId(), people.findByEmail(email).orElseThrow().id);
        Delivery second = inbox.deliver(InboundMessage.builder("${channelName}", email, "Anyone there?").build());
        assertEquals(first.conversationId(), second.conversationId(), "the same sender continues the conversation");

        channel.send(new OutboundMessage(first.conversationId(), "msg_1", email, null, null, null, "Yes, hello!", "Ada"));
        assertThrows(DeliveryException.class,
                () -> channel.send(new OutboundMessage(first.conversationId(), "msg_2", email, null, null, null, " ", "Ada")));
    }

    @Test
    void theDashboardPartIsServed() throws Exception {
        ServiceReference<?>[] extensions = context.getServiceReferences("io.rapport.platform.ui.UiExtension", "(rapport.ui.target=${typeName})");
        assertTrue(extensions != null && extensions.length == 1, "the UiExtension service is registered");
        String module = (String) extensions[0].getProperty("rapport.ui.module");
        // the HTTP server's address, as the HTTP Whiteboard runtime announces it (the port is a free one)
        ServiceReference<?>[] http = context.getServiceReferences("org.osgi.service.http.runtime.HttpServiceRuntime", null);
        Object endpoint = http[0].getProperty("osgi.http.endpoint");
        Object first = endpoint instanceof String[] ? ((String[]) endpoint)[0]
                : endpoint instanceof java.util.Collection ? ((java.util.Collection<?>) endpoint).iterator().next() : endpoint;
        String base = String.valueOf(first).replaceAll("/$", "");
        HttpURLConnection c = (HttpURLConnection) new URL(base + module).openConnection();
        assertEquals(200, c.getResponseCode());
        assertTrue(c.getContentType().startsWith("text/javascript") || c.getContentType().startsWith("application/javascript"), c.getContentType());
        try (InputStream in = c.getInputStream()) {
            String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(js.contains("customElements.define"), "the module defines the elements");
        }
    }
}
