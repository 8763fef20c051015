package io.rapport.notes.internal;

import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.notes.api.NotesService;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.Profiles;
import io.rapport.platform.api.RestApi;

/** {@code /api/v1/people/{id}/notes}. */
@Component(service = PersonNotesResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("people/{subjectId}/notes")
@Produces(MediaType.APPLICATION_JSON)
public class PersonNotesResource extends SubjectNotesResource {
    @Activate
    public PersonNotesResource(@Reference NotesService notes, @Reference Profiles profiles) {
        super(notes, profiles, Models.PERSON);
    }
}
