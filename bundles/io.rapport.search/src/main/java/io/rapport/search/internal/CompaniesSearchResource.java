package io.rapport.search.internal;

import java.util.Map;

import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
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
import io.rapport.platform.api.Models;
import io.rapport.platform.api.RestApi;
import io.rapport.search.api.SearchService;

/** {@code POST /api/v1/companies/search}. */
@Component(service = CompaniesSearchResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("companies/search")
@Produces(MediaType.APPLICATION_JSON)
public class CompaniesSearchResource {
    private final SearchService search;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CompaniesService companies;

    @Activate
    public CompaniesSearchResource(@Reference SearchService search) {
        this.search = search;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public SearchResult search(Map<String, Object> body) {
        SearchService.SearchPage page = SearchResult.run(search, Models.COMPANY, body);
        CompaniesService c = companies;
        if (c == null) {
            throw SearchResult.unavailable("io.rapport.companies");
        }
        return SearchResult.of(c.getAll(page.ids), page, item -> ((io.rapport.companies.api.Company) item).id);
    }
}
