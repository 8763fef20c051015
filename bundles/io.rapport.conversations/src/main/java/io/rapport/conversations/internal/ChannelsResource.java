package io.rapport.conversations.internal;

import java.util.Map;
import java.util.stream.Collectors;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.conversations.api.ConversationsService;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.RestApi;

/** {@code /api/v1/channels}: the running channel connectors, read from the whiteboard when asked. */
@Component(service = ChannelsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("channels")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelsResource {
    private final ConversationsService conversations;

    @Activate
    public ChannelsResource(@Reference ConversationsService conversations) {
        this.conversations = conversations;
    }

    /** One page: there are only ever a few channels. */
    @GET
    public Page<Map<String, Object>> list() {
        return new Page<>(conversations.channels().stream().map(ConversationJson::write).collect(Collectors.toList()), null);
    }
}
