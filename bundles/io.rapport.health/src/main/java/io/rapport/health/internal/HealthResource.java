package io.rapport.health.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.BaseDTO;
import org.osgi.service.jaxrs.runtime.dto.FailedApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;
import org.osgi.framework.ServiceReference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /health}, without authentication, on the default JAX-RS application so that it answers
 * even when the API application is down: UP when every Rapport bundle is active and every Rapport
 * component is satisfied, otherwise 503 naming each one that is not and why.
 */
@Component(service = HealthResource.class)
@JaxrsResource
@Path("health")
public class HealthResource {
    static final String RAPPORT_PREFIX = "io.rapport.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final JaxrsServiceRuntime jaxrs;

    @Activate
    public HealthResource(BundleContext context, @Reference ServiceComponentRuntime scr, @Reference JaxrsServiceRuntime jaxrs) {
        this.context = context;
        this.scr = scr;
        this.jaxrs = jaxrs;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() throws JsonProcessingException {
        List<Map<String, Object>> problems = new ArrayList<>();
        List<Bundle> rapport = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() == null || !b.getSymbolicName().startsWith(RAPPORT_PREFIX) || isFragment(b)) {
                continue;
            }
            rapport.add(b);
            if (b.getState() != Bundle.ACTIVE && b.getState() != Bundle.STARTING) {
                problems.add(problem("bundle", b.getSymbolicName(), bundleReason(b)));
            }
        }
        // Any other bundle that could not resolve (a plugin or driver dropped into deploy/) is down too.
        for (Bundle b : context.getBundles()) {
            boolean ours = b.getSymbolicName() != null && b.getSymbolicName().startsWith(RAPPORT_PREFIX);
            if (!ours && b.getState() == Bundle.INSTALLED) {
                problems.add(problem("bundle", b.getSymbolicName() + " " + b.getVersion() + " (" + b.getLocation() + ")", bundleReason(b)));
            }
        }
        int components = 0;
        Collection<ComponentDescriptionDTO> descriptions = scr.getComponentDescriptionDTOs(rapport.toArray(new Bundle[0]));
        for (ComponentDescriptionDTO d : descriptions) {
            if (!scr.isComponentEnabled(d)) {
                continue;
            }
            components++;
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                String reason = componentReason(d, c);
                if (reason != null) {
                    problems.add(problem("component", d.name + " (" + d.bundle.symbolicName + ")", reason));
                }
            }
        }
        checkEndpoints(rapport, problems);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", problems.isEmpty() ? "UP" : "DOWN");
        body.put("bundles", rapport.size());
        body.put("components", components);
        if (!problems.isEmpty()) {
            body.put("problems", problems);
        }
        return Response.status(problems.isEmpty() ? 200 : 503).type(MediaType.APPLICATION_JSON)
                .entity(JSON.writeValueAsString(body)).build();
    }

    /**
     * Every JAX-RS service a Rapport bundle registers must be served by the whiteboard: a resource that
     * is registered but not (yet) served, or that failed, is not up.
     */
    private void checkEndpoints(List<Bundle> rapport, List<Map<String, Object>> problems) {
        RuntimeDTO runtime = jaxrs.getRuntimeDTO();
        java.util.Set<Long> served = new java.util.HashSet<>();
        List<ApplicationDTO> apps = new ArrayList<>(List.of(runtime.applicationDTOs));
        apps.add(runtime.defaultApplication);
        for (ApplicationDTO app : apps) {
            served.add(app.serviceId);
            for (BaseDTO r : app.resourceDTOs) {
                served.add(r.serviceId);
            }
            for (BaseDTO e : app.extensionDTOs) {
                served.add(e.serviceId);
            }
        }
        Map<Long, String> failed = new java.util.HashMap<>();
        for (FailedApplicationDTO f : runtime.failedApplicationDTOs) {
            failed.put(f.serviceId, "application failed (reason " + f.failureReason + ")");
        }
        for (var f : runtime.failedResourceDTOs) {
            failed.put(f.serviceId, "resource failed (reason " + f.failureReason + ")");
        }
        for (var f : runtime.failedExtensionDTOs) {
            failed.put(f.serviceId, "extension failed (reason " + f.failureReason + ")");
        }
        for (Bundle b : rapport) {
            ServiceReference<?>[] refs = b.getRegisteredServices();
            if (refs == null) {
                continue;
            }
            for (ServiceReference<?> ref : refs) {
                boolean isJaxrs = Boolean.parseBoolean(String.valueOf(ref.getProperty("osgi.jaxrs.resource")))
                        || Boolean.parseBoolean(String.valueOf(ref.getProperty("osgi.jaxrs.extension")))
                        || ref.getProperty("osgi.jaxrs.application.base") != null;
                if (!isJaxrs) {
                    continue;
                }
                long id = (Long) ref.getProperty("service.id");
                String name = String.valueOf(((String[]) ref.getProperty("objectClass"))[0]);
                if (failed.containsKey(id)) {
                    problems.add(problem("endpoint", name + " (" + b.getSymbolicName() + ")", failed.get(id)));
                } else if (!served.contains(id)) {
                    problems.add(problem("endpoint", name + " (" + b.getSymbolicName() + ")", "not yet served by the JAX-RS whiteboard"));
                }
            }
        }
    }

    private String bundleReason(Bundle b) {
        switch (b.getState()) {
            case Bundle.INSTALLED:
                List<String> missing = missingRequirements(b);
                return missing.isEmpty() ? "installed but not resolved"
                        : "cannot resolve: missing " + String.join("; ", missing);
            case Bundle.RESOLVED:
                return "stopped (resolved but not started)";
            case Bundle.STOPPING:
                return "stopping";
            default:
                return "state " + b.getState();
        }
    }

    /** The requirements of an unresolved bundle that nothing installed can satisfy, in words. */
    private List<String> missingRequirements(Bundle b) {
        List<String> missing = new ArrayList<>();
        BundleRevision revision = b.adapt(BundleRevision.class);
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        if (revision == null || wiring == null) {
            return missing;
        }
        for (BundleRequirement req : revision.getDeclaredRequirements(null)) {
            if ("optional".equals(req.getDirectives().get("resolution"))) {
                continue;
            }
            if (wiring.findProviders(req).isEmpty()) {
                missing.add(req.getNamespace() + " " + req.getDirectives().getOrDefault("filter", ""));
            }
        }
        return missing;
    }

    private static String componentReason(ComponentDescriptionDTO d, ComponentConfigurationDTO c) {
        switch (c.state) {
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                List<String> refs = new ArrayList<>();
                for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                    // constructor parameters have generated names ($000): name the service instead
                    String service = java.util.Arrays.stream(d.references).filter(ref -> ref.name.equals(r.name))
                            .map(ref -> ref.interfaceName).findFirst().orElse(r.name);
                    refs.add(service + (r.target != null ? " " + r.target : ""));
                }
                return "waiting for service(s): " + String.join(", ", refs);
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                return "waiting for its configuration";
            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                return "failed to activate: " + firstLine(c.failure);
            default:
                return null;
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown failure";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static boolean isFragment(Bundle b) {
        BundleRevision r = b.adapt(BundleRevision.class);
        return r != null && (r.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    private static Map<String, Object> problem(String kind, String name, String reason) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(kind, name);
        p.put("reason", reason);
        return p;
    }
}
