package io.rapport.conversations.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.conversations.api.ConversationsService;
import io.rapport.platform.api.ProblemException;
import io.rapport.platform.api.RestApi;

/** {@code /api/v1/companies/{id}/insights?from=&to=}: conversation figures over a company's people. */
@Component(service = CompanyInsightsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("companies/{companyId}/insights")
@Produces(MediaType.APPLICATION_JSON)
public class CompanyInsightsResource {
    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    private final ConversationsService conversations;

    @Activate
    public CompanyInsightsResource(@Reference ConversationsService conversations) {
        this.conversations = conversations;
    }

    @GET
    public Map<String, Object> insights(@PathParam("companyId") String companyId, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        Instant end = to == null || to.isBlank() ? Instant.now() : parse("to", to, true);
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_PERIOD) : parse("from", from, false);
        return ConversationJson.write(conversations.insights(companyId, start, end));
    }

    /** An ISO instant, or an ISO date: its start for {@code from}, its end (the next day's start) for {@code to}. */
    static Instant parse(String field, String value, boolean end) {
        String v = value.trim();
        try {
            if (v.length() == 10) {
                LocalDate date = LocalDate.parse(v);
                return (end ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO 8601 date (2026-01-31) or instant (2026-01-31T12:00:00Z), was '" + value + "'");
        }
    }
}
