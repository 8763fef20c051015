package io.rapport.attributes.internal;

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

import io.rapport.attributes.api.AttributeTypeInfo;
import io.rapport.attributes.api.AttributesService;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.RestApi;

/** {@code /api/v1/attribute-types}: the installed types, one page (there are few). */
@Component(service = AttributeTypesResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("attribute-types")
@Produces(MediaType.APPLICATION_JSON)
public class AttributeTypesResource {
    private final AttributesService attributes;

    @Activate
    public AttributeTypesResource(@Reference AttributesService attributes) {
        this.attributes = attributes;
    }

    @GET
    public Page<AttributeTypeInfo> list() {
        return new Page<>(attributes.types(), null);
    }
}
