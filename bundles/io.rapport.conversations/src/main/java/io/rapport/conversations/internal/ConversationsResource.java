package io.rapport.conversations.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.conversations.api.Conversation;
import io.rapport.conversations.api.ConversationsService;
import io.rapport.conversations.api.Message;
import io.rapport.platform.api.Caller;
import io.rapport.platform.api.JsonObjectReader;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.Profiles;
import io.rapport.platform.api.RestApi;

/**
 * {@code /api/v1/conversations}: read, list, close/reopen/mark as ticket, and reply. A conversation read
 * one at a time carries its custom attributes (the attributes bundle's section for the model
 * {@code conversation}), and a PATCH may set them, as for people.
 */
@Component(service = ConversationsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("conversations")
@Produces(MediaType.APPLICATION_JSON)
public class ConversationsResource {
    private final ConversationsService conversations;
    private final Profiles profiles;

    @Activate
    public ConversationsResource(@Reference ConversationsService conversations, @Reference Profiles profiles) {
        this.conversations = conversations;
        this.profiles = profiles;
    }

    @GET
    public Page<Map<String, Object>> list(@QueryParam("state") String state, @QueryParam("channel") String channel,
            @QueryParam("ticket") String ticket, @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        Boolean isTicket = null;
        if (ticket != null) {
            if (!ticket.equals("true") && !ticket.equals("false")) {
                throw ProblemException.invalid("ticket", "must be true or false, was '" + ticket + "'");
            }
            isTicket = Boolean.valueOf(ticket);
        }
        Page<Conversation> page = conversations.list(state, channel, isTicket, cursor, Page.limit(limit));
        return new Page<>(page.data.stream().map(ConversationJson::write).collect(Collectors.toList()), page.nextCursor);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Conversation c = conversations.get(id).orElseThrow(() -> ProblemException.notFound("conversation", id));
        return Response.ok(view(c)).tag(RestApi.etag(c.version())).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes({ RestApi.MERGE_PATCH_JSON, MediaType.APPLICATION_JSON })
    public Response patch(@Context SecurityContext security, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, Map<String, Object> patch) {
        Long expected = RestApi.ifMatchVersion(ifMatch);
        Map<String, Object> extensions = profiles.extensionsOf(Models.CONVERSATION, id, patch);
        Map<String, Object> own = new LinkedHashMap<>(patch);
        own.keySet().removeAll(extensions.keySet());
        if (own.isEmpty()) { // only other bundles' fields: the conversation must still exist and match If-Match
            Conversation c = conversations.get(id).orElseThrow(() -> ProblemException.notFound("conversation", id));
            if (expected != null && expected != c.version()) {
                throw ProblemException.preconditionFailed("conversation", id, c.version());
            }
        } else {
            conversations.patch(id, own, expected, RestApi.caller(security.getUserPrincipal()).name);
        }
        if (!extensions.isEmpty()) {
            profiles.writeExtensions(Models.CONVERSATION, id, extensions, RestApi.caller(security.getUserPrincipal()).name);
        }
        // Read back with the messages, so the answer has the same shape as a GET.
        Conversation c = conversations.get(id).orElseThrow(() -> ProblemException.notFound("conversation", id));
        return Response.ok(view(c)).tag(RestApi.etag(c.version())).build();
    }

    /** A conversation with the sections other bundles add to every read (its custom attributes). */
    private Map<String, Object> view(Conversation c) {
        return profiles.assemble(Models.CONVERSATION, c.id, ConversationJson.write(c), null);
    }

    // Location: JAX-RS resolves a relative URI against the application base (/api/v1).
    @POST
    @Path("{id}/replies")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response reply(@Context SecurityContext security, @PathParam("id") String id, Map<String, Object> body) {
        JsonObjectReader in = new JsonObjectReader(body).onlyKnown(Set.of("text"));
        Object raw = in.raw("text");
        if (raw != null && !(raw instanceof String)) {
            in.error("text", "must be a string, was " + JsonObjectReader.typeOf(raw));
        }
        in.throwIfInvalid();
        Message m = conversations.reply(id, (String) raw, RestApi.caller(security.getUserPrincipal()));
        return Response.created(URI.create("conversations/" + id + "/messages/" + m.id)).entity(ConversationJson.write(m)).build();
    }

    @GET
    @Path("{id}/messages/{messageId}")
    public Map<String, Object> message(@PathParam("id") String id, @PathParam("messageId") String messageId) {
        if (conversations.get(id).isEmpty()) {
            throw ProblemException.notFound("conversation", id);
        }
        return ConversationJson.write(conversations.message(id, messageId)
                .orElseThrow(() -> ProblemException.notFound("message", messageId)));
    }
}
