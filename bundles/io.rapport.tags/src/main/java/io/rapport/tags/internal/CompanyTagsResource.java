package io.rapport.tags.internal;

import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.platform.api.Models;
import io.rapport.platform.api.Profiles;
import io.rapport.platform.api.RestApi;
import io.rapport.tags.api.TagsService;

/** {@code /api/v1/companies/{id}/tags}. */
@Component(service = CompanyTagsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("companies/{subjectId}/tags")
@Produces(MediaType.APPLICATION_JSON)
public class CompanyTagsResource extends SubjectTagsResource {
    @Activate
    public CompanyTagsResource(@Reference TagsService tags, @Reference Profiles profiles) {
        super(tags, profiles, Models.COMPANY);
    }
}
