package io.rapport.companies.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

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
import io.rapport.people.api.PeopleService;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;

/** {@code /api/v1/people/{personId}/companies}: every company the person belongs to, in one page. */
@Component(service = PersonCompaniesResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("people/{personId}/companies")
@Produces(MediaType.APPLICATION_JSON)
public class PersonCompaniesResource {
    private final CompaniesService companies;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PeopleService people;

    @Activate
    public PersonCompaniesResource(@Reference CompaniesService companies) {
        this.companies = companies;
    }

    @GET
    public Page<Map<String, Object>> list(@PathParam("personId") String personId) {
        PeopleService ps = people;
        // Without the people bundle the links are still ours to show; with it, an unknown person is a 404.
        if (ps != null && ps.get(personId).isEmpty()) {
            throw ProblemException.notFound("person", personId);
        }
        List<Map<String, Object>> data = new ArrayList<>();
        for (Company c : companies.companiesOf(personId)) {
            data.add(CompanyJson.write(c));
        }
        return new Page<>(data, null);
    }
}
