package io.rapport.people.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.Profiles;
import io.rapport.platform.api.RestApi;
import io.rapport.platform.api.SubjectFilter;

/** {@code /api/v1/people}. */
@Component(service = PeopleResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("people")
@Produces(MediaType.APPLICATION_JSON)
public class PeopleResource {
    private final PeopleService people;
    private final Profiles profiles;

    @Activate
    public PeopleResource(@Reference PeopleService people, @Reference Profiles profiles) {
        this.people = people;
        this.profiles = profiles;
    }

    // Location: JAX-RS resolves a relative URI against the application base (/api/v1).
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, Map<String, Object> body) {
        Map<String, Object> extensions = profiles.extensionsOf(Models.PERSON, null, body);
        Person p = people.create(PersonJson.read(without(body, extensions), false), RestApi.actor(security.getUserPrincipal()));
        if (!extensions.isEmpty()) {
            profiles.writeExtensions(Models.PERSON, p.id, extensions, RestApi.actor(security.getUserPrincipal()));
        }
        return Response.created(URI.create("people/" + p.id)).tag(RestApi.etag(p.version())).entity(profile(p, null)).build();
    }

    /** The query parameters {@link #list} reads itself; the others must be list filters of other bundles. */
    private static final java.util.Set<String> LIST_PARAMETERS = java.util.Set.of("email", "external_id", "cursor", "limit");

    @GET
    public Page<Person> list(@Context UriInfo uri, @QueryParam("email") String email, @QueryParam("external_id") String externalId,
            @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        List<SubjectFilter.Condition> filters = profiles.filters(Models.PERSON, "ID", uri.getQueryParameters(), LIST_PARAMETERS);
        return people.list(email, externalId, filters, cursor, Page.limit(limit));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response upsert(@Context SecurityContext security, @QueryParam("external_id") String externalId,
            Map<String, Object> body) {
        if (externalId == null || externalId.isBlank()) {
            throw ProblemException.invalid("external_id",
                    "PUT /api/v1/people needs ?external_id=... naming the person to create or replace");
        }
        Map<String, Object> extensions = profiles.extensionsOf(Models.PERSON, null, body);
        PeopleService.Upsert result = people.upsertByExternalId(externalId, PersonJson.read(without(body, extensions), false), RestApi.actor(security.getUserPrincipal()));
        Person p = result.person;
        if (!extensions.isEmpty()) {
            profiles.writeExtensions(Models.PERSON, p.id, extensions, RestApi.actor(security.getUserPrincipal()));
            p = people.touch(p.id, null);
        }
        Response.ResponseBuilder answer = result.created
                ? Response.created(URI.create("people/" + p.id))
                : Response.ok();
        return answer.tag(RestApi.etag(p.version())).entity(profile(p, null)).build();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @QueryParam("include") String include) {
        Person p = people.get(id).orElseThrow(() -> ProblemException.notFound("person", id));
        return Response.ok(profile(p, include)).tag(RestApi.etag(p.version())).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes({ RestApi.MERGE_PATCH_JSON, MediaType.APPLICATION_JSON })
    public Response patch(@Context SecurityContext security, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, Map<String, Object> patch) {
        Long expected = RestApi.ifMatchVersion(ifMatch);
        Map<String, Object> extensions = profiles.extensionsOf(Models.PERSON, id, patch);
        Map<String, Object> own = without(patch, extensions);
        String actor = RestApi.actor(security.getUserPrincipal());
        Person p = profiles.exclusively(Models.PERSON, id, () -> {
            if (!own.isEmpty()) {
                Person patched = people.patch(id, own, expected, actor);
                if (extensions.isEmpty()) {
                    return patched;
                }
            } else if (!extensions.isEmpty()) {
                // only other bundles' fields: If-Match is checked, and the version taken, before they are written
                people.touch(id, expected);
            } else {
                Person read = people.get(id).orElseThrow(() -> ProblemException.notFound("person", id));
                if (expected != null && expected != read.version()) {
                    throw ProblemException.preconditionFailed("person", id, read.version());
                }
                return read;
            }
            profiles.writeExtensions(Models.PERSON, id, extensions, actor);
            // and a new version once they are: whoever read her while they were being written has a
            // version that no longer matches, so an If-Match built on that read is refused (412)
            return people.touch(id, null);
        });
        return Response.ok(profile(p, null)).tag(RestApi.etag(p.version())).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        // not between another request's check that she exists and its write of her tags, notes or attributes
        profiles.exclusively(Models.PERSON, id, () -> {
            people.delete(id, RestApi.ifMatchVersion(ifMatch), RestApi.actor(security.getUserPrincipal()));
            return null;
        });
        return Response.noContent().build();
    }

    /** The person with the sections of other bundles that every read includes, and those asked for. */
    private Map<String, Object> profile(Person p, String include) {
        return profiles.assemble(Models.PERSON, p.id, PersonJson.write(p), include);
    }

    private static Map<String, Object> without(Map<String, Object> body, Map<String, Object> extensions) {
        Map<String, Object> rest = new LinkedHashMap<>(body);
        rest.keySet().removeAll(extensions.keySet());
        return rest;
    }
}
