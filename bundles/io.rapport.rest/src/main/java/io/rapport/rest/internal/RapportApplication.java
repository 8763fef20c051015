package io.rapport.rest.internal;

import javax.ws.rs.core.Application;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.rapport.platform.api.RestApi;

/**
 * The {@code /api/v1} application every Rapport resource joins. It is served only while its JSON,
 * error and authentication extensions are present: without the authentication filter the API is
 * absent, never open.
 */
@Component(service = Application.class)
@JaxrsApplicationBase("api/v1")
@JaxrsName(RestApi.APPLICATION_NAME)
@JaxrsExtensionSelect({ "(osgi.jaxrs.name=" + JsonProvider.NAME + ")", "(osgi.jaxrs.name=" + ProblemMapper.NAME + ")",
        "(osgi.jaxrs.name=" + AuthFilter.NAME + ")" })
public class RapportApplication extends Application {
}
