package io.rapport.companies.internal;

import java.net.URI;
import java.util.ArrayList;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.companies.api.CompaniesService;
import io.rapport.companies.api.Company;
import io.rapport.companies.api.Membership;
import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.Profiles;
import io.rapport.platform.api.RestApi;
import io.rapport.platform.api.SubjectFilter;

/** {@code /api/v1/companies}, and the links to people under it. */
@Component(service = CompaniesResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("companies")
@Produces(MediaType.APPLICATION_JSON)
public class CompaniesResource {
    private final CompaniesService companies;
    private final Profiles profiles;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PeopleService people;

    @Activate
    public CompaniesResource(@Reference CompaniesService companies, @Reference Profiles profiles) {
        this.companies = companies;
        this.profiles = profiles;
    }

    // Location: JAX-RS resolves a relative URI against the application base (/api/v1).
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context SecurityContext security, Map<String, Object> body) {
        Company c = companies.create(CompanyJson.read(body, false), RestApi.actor(security.getUserPrincipal()));
        return Response.created(URI.create("companies/" + c.id)).tag(RestApi.etag(c.version())).entity(CompanyJson.write(c)).build();
    }

    /** The query parameters {@link #list} reads itself; the others must be list filters of other bundles. */
    private static final java.util.Set<String> LIST_PARAMETERS = java.util.Set.of("domain", "external_id", "cursor", "limit");

    @GET
    public Page<Map<String, Object>> list(@Context UriInfo uri, @QueryParam("domain") String domain,
            @QueryParam("external_id") String externalId, @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        int size = Page.limit(limit);
        List<SubjectFilter.Condition> filters = profiles.filters(Models.COMPANY, "ID", uri.getQueryParameters(), LIST_PARAMETERS);
        Page<Company> page = companies.list(domain, externalId, filters, cursor, size);
        List<Map<String, Object>> data = new ArrayList<>();
        page.data.forEach(c -> data.add(CompanyJson.write(c)));
        return new Page<>(data, page.nextCursor);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response upsert(@Context SecurityContext security, @QueryParam("external_id") String externalId,
            Map<String, Object> body) {
        if (externalId == null || externalId.isBlank()) {
            throw ProblemException.invalid("external_id",
                    "PUT /api/v1/companies needs ?external_id=... naming the company to create or replace");
        }
        CompaniesService.Upsert result = companies.upsertByExternalId(externalId, CompanyJson.read(body, false), RestApi.actor(security.getUserPrincipal()));
        Response.ResponseBuilder answer = result.created
                ? Response.created(URI.create("companies/" + result.company.id))
                : Response.ok();
        return answer.tag(RestApi.etag(result.company.version())).entity(CompanyJson.write(result.company)).build();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @QueryParam("include") String include) {
        Company c = companies.get(id).orElseThrow(() -> ProblemException.notFound("company", id));
        return Response.ok(profiles.assemble(Models.COMPANY, id, CompanyJson.write(c), include)).tag(RestApi.etag(c.version())).build();
    }

    /** The company's own fields go to the companies service; the rest (such as attributes) to their bundles. */
    @PATCH
    @Path("{id}")
    @Consumes({ RestApi.MERGE_PATCH_JSON, MediaType.APPLICATION_JSON })
    public Response patch(@Context SecurityContext security, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @QueryParam("include") String include, Map<String, Object> patch) {
        Long expected = RestApi.ifMatchVersion(ifMatch);
        String actor = RestApi.actor(security.getUserPrincipal());
        Map<String, Object> extensions = profiles.extensionsOf(Models.COMPANY, id, patch);
        Map<String, Object> own = new LinkedHashMap<>(patch);
        own.keySet().removeAll(extensions.keySet());
        Company c = profiles.exclusively(Models.COMPANY, id, () -> {
            if (!own.isEmpty()) {
                Company patched = companies.patch(id, own, expected, actor);
                if (extensions.isEmpty()) {
                    return patched;
                }
            } else if (!extensions.isEmpty()) {
                // only other bundles' fields: If-Match is checked, and the version taken, before they are written
                companies.touch(id, expected);
            } else {
                Company read = companies.get(id).orElseThrow(() -> ProblemException.notFound("company", id));
                if (expected != null && expected != read.version()) {
                    throw ProblemException.preconditionFailed("company", id, read.version());
                }
                return read;
            }
            profiles.writeExtensions(Models.COMPANY, id, extensions, actor);
            // and a new version once they are, so that an If-Match built on a read made meanwhile is refused
            return companies.touch(id, null);
        });
        return Response.ok(profiles.assemble(Models.COMPANY, id, CompanyJson.write(c), include)).tag(RestApi.etag(c.version())).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        // not between another request's check that it exists and its write of its tags, notes or attributes
        profiles.exclusively(Models.COMPANY, id, () -> {
            companies.delete(id, RestApi.ifMatchVersion(ifMatch), RestApi.actor(security.getUserPrincipal()));
            return null;
        });
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}/people/{personId}")
    public Response link(@Context SecurityContext security, @PathParam("id") String id, @PathParam("personId") String personId) {
        companies.link(id, personId, RestApi.actor(security.getUserPrincipal()));
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}/people/{personId}")
    public Response unlink(@Context SecurityContext security, @PathParam("id") String id, @PathParam("personId") String personId) {
        companies.unlink(id, personId, RestApi.actor(security.getUserPrincipal()));
        return Response.noContent().build();
    }

    /** The linked people, most recently linked first, as the people API shows them. */
    @GET
    @Path("{id}/people")
    public Page<Person> people(@PathParam("id") String id, @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        int size = Page.limit(limit);
        Page<Membership> members = companies.peopleOf(id, cursor, size);
        PeopleService ps = people;
        if (ps == null) {
            throw new ProblemException(503, "Service unavailable",
                    "Listing a company's people needs the io.rapport.people bundle, which is not running.");
        }
        List<Person> data = new ArrayList<>();
        for (Membership m : members.data) {
            ps.get(m.personId).ifPresent(data::add); // a person deleted just now: their link goes soon
        }
        return new Page<>(data, members.nextCursor);
    }
}
