package io.rapport.tags.internal;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import io.rapport.platform.api.RestApi;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.Profiles;
import io.rapport.tags.api.Tag;
import io.rapport.tags.api.TagsService;

/** The tags of one person or company: list, tag, untag (idempotent). */
public abstract class SubjectTagsResource {
    private final TagsService tags;
    private final Profiles profiles;
    private final String model;

    SubjectTagsResource(TagsService tags, Profiles profiles, String model) {
        this.tags = tags;
        this.profiles = profiles;
        this.model = model;
    }

    /** Every tag of the profile, sorted by name, as one page. */
    @GET
    public Page<Tag> list(@PathParam("subjectId") String subjectId) {
        return new Page<>(tags.tagsOf(model, subjectId), null);
    }

    @PUT
    @Path("{tagId}")
    public Response add(@javax.ws.rs.core.Context SecurityContext security, @PathParam("subjectId") String subjectId,
            @PathParam("tagId") String tagId) {
        // as one step with a deletion of the profile: a link never outlives it
        profiles.exclusively(model, subjectId, () -> tags.add(tagId, model, subjectId, RestApi.actor(security.getUserPrincipal())));
        return Response.noContent().build();
    }

    @DELETE
    @Path("{tagId}")
    public Response remove(@javax.ws.rs.core.Context SecurityContext security, @PathParam("subjectId") String subjectId,
            @PathParam("tagId") String tagId) {
        tags.remove(tagId, model, subjectId, RestApi.actor(security.getUserPrincipal()));
        return Response.noContent().build();
    }
}
