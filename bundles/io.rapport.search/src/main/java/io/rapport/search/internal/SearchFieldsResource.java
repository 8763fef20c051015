package io.rapport.search.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.platform.api.Models;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;

/** {@code GET /api/v1/search/fields?model=person}: the searchable fields, their types, operators and bundles. */
@Component(service = SearchFieldsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchFieldsResource {
    private final SearchServiceImpl search;

    @Activate
    public SearchFieldsResource(@Reference SearchServiceImpl search) {
        this.search = search;
    }

    @GET
    @Path("fields")
    public Map<String, Object> fields(@QueryParam("model") String model) {
        if (model == null || model.isBlank()) {
            throw ProblemException.invalid("model", "is required: person or company");
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("data", search.describe(Models.check(model, "model")));
        page.put("next_cursor", null);
        return page;
    }
}
