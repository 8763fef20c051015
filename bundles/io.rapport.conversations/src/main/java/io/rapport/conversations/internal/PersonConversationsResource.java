package io.rapport.conversations.internal;

import java.util.Map;
import java.util.stream.Collectors;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.conversations.api.Conversation;
import io.rapport.conversations.api.ConversationsService;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.RestApi;

/** {@code /api/v1/people/{id}/conversations}: a person's conversations, newest first, without messages. */
@Component(service = PersonConversationsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("people/{personId}/conversations")
@Produces(MediaType.APPLICATION_JSON)
public class PersonConversationsResource {
    private final ConversationsService conversations;

    @Activate
    public PersonConversationsResource(@Reference ConversationsService conversations) {
        this.conversations = conversations;
    }

    @GET
    public Page<Map<String, Object>> list(@PathParam("personId") String personId, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        Page<Conversation> page = conversations.listForPerson(personId, cursor, Page.limit(limit));
        return new Page<>(page.data.stream().map(ConversationJson::write).collect(Collectors.toList()), page.nextCursor);
    }
}
