package io.rapport.health.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
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
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceListener;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rapport.platform.api.PluginGuard;
import io.rapport.platform.api.PluginStatus;
import io.rapport.plugins.api.BundleInfo;
import io.rapport.plugins.api.PluginManager;
import io.rapport.plugins.api.PluginRefusal;

/**
 * The health of the runtime, kept up to date by events rather than gathered per request: UP when every
 * Rapport bundle is active and every Rapport component is satisfied, otherwise DOWN naming each one that is
 * not and why. Plugins (bundles the plugin manager installed) are checked the same way, plus what the plugin
 * guard found (FAILED or DEGRADED) and recently refused installs, but a plugin's problem alone is DEGRADED:
 * one broken plugin must not take the node out of a load balancer.
 * <p>
 * Gathering it walks every bundle, component and JAX-RS endpoint, which costs a core at a few hundred
 * requests a second; {@code /health} is unauthenticated and probed often. So it is gathered again after a
 * bundle or service changes (changes arriving together are gathered once, {@link #SETTLE_MS} later) and every
 * {@link #REFRESH_SECONDS} s for what changes without an event (a plugin's status, a failed activation).
 */
@Component(service = HealthMonitor.class, immediate = true)
public class HealthMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
    static final String RAPPORT_PREFIX = "io.rapport.";
    static final long SETTLE_MS = 50;
    static final long REFRESH_SECONDS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One gathering: the status code, the summary everyone may see, and the details for admins. */
    record Snapshot(int code, String summary, String details) {
    }

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final JaxrsServiceRuntime jaxrs;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-health");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    private final BundleListener bundleListener = e -> changed();
    private final ServiceListener serviceListener = e -> changed();
    private volatile Snapshot snapshot = new Snapshot(503, "{\"status\":\"DOWN\"}", "{\"status\":\"DOWN\",\"problems\":[{\"health\":\"starting\",\"reason\":\"not gathered yet\"}]}");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PluginManager plugins;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PluginGuard guard;

    @Activate
    public HealthMonitor(BundleContext context, @Reference ServiceComponentRuntime scr, @Reference JaxrsServiceRuntime jaxrs) {
        this.context = context;
        this.scr = scr;
        this.jaxrs = jaxrs;
        context.addBundleListener(bundleListener);
        context.addServiceListener(serviceListener);
        gather();
        executor.scheduleWithFixedDelay(this::gather, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        context.removeServiceListener(serviceListener);
        context.removeBundleListener(bundleListener);
        executor.shutdownNow();
    }

    /** The health as last gathered. */
    Snapshot snapshot() {
        return snapshot;
    }

    private void changed() {
        if (pending.compareAndSet(false, true)) {
            try {
                executor.schedule(() -> {
                    pending.set(false);
                    gather();
                }, SETTLE_MS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // deactivated
            }
        }
    }

    private void gather() {
        try {
            snapshot = compute();
        } catch (RuntimeException | JsonProcessingException | LinkageError e) {
            // a bundle going away mid-walk: the next event or refresh gathers again
            LOG.debug("Health could not be gathered this time: {}", e.toString());
        }
    }

    /** Gathers the state of every bundle, component, endpoint and plugin: the expensive part, run on changes only. */
    private Snapshot compute() throws JsonProcessingException {
        PluginManager pm = plugins;
        java.util.Set<Long> pluginIds = new java.util.HashSet<>();
        if (pm != null) {
            for (BundleInfo b : pm.bundles()) {
                if (BundleInfo.PLUGIN.equals(b.kind)) {
                    pluginIds.add(b.bundleId);
                }
            }
        }
        List<Map<String, Object>> problems = new ArrayList<>();
        List<Map<String, Object>> pluginProblems = new ArrayList<>();
        List<Bundle> rapport = new ArrayList<>();
        List<Bundle> pluginBundles = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (pluginIds.contains(b.getBundleId())) {
                if (isFragment(b)) {
                    continue;
                }
                pluginBundles.add(b);
                if (b.getState() != Bundle.ACTIVE && b.getState() != Bundle.STARTING) {
                    pluginProblems.add(pluginProblem(b.getSymbolicName() + " " + b.getVersion(), stateText(b.getState()), bundleReason(b)));
                }
                continue;
            }
            if (b.getSymbolicName() == null || !b.getSymbolicName().startsWith(RAPPORT_PREFIX) || isFragment(b)) {
                continue;
            }
            rapport.add(b);
            if (b.getState() != Bundle.ACTIVE && b.getState() != Bundle.STARTING) {
                problems.add(problem("bundle", b.getSymbolicName(), bundleReason(b)));
            }
        }
        // Any other bundle that could not resolve (a driver installed by hand) is down too.
        for (Bundle b : context.getBundles()) {
            boolean ours = b.getSymbolicName() != null && b.getSymbolicName().startsWith(RAPPORT_PREFIX);
            if (!ours && !pluginIds.contains(b.getBundleId()) && b.getState() == Bundle.INSTALLED) {
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
        if (!pluginBundles.isEmpty()) {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(pluginBundles.toArray(new Bundle[0]))) {
                if (!scr.isComponentEnabled(d)) {
                    continue;
                }
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    // a plugin component waiting for its configuration is merely not set up yet
                    String reason = c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION ? null : componentReason(d, c);
                    if (reason != null) {
                        pluginProblems.add(pluginProblem(d.bundle.symbolicName + " " + d.bundle.version, "DEGRADED",
                                "component " + d.name + " " + reason));
                    }
                }
            }
        }
        checkEndpoints(rapport, (name, reason) -> problems.add(problem("endpoint", name, reason)));
        checkEndpoints(pluginBundles, (name, reason) -> pluginProblems.add(pluginProblem(name, "DEGRADED", "endpoint " + reason)));
        PluginGuard g = guard;
        if (g != null) {
            for (PluginStatus s : g.statuses()) {
                if (s.state != PluginStatus.State.OK && context.getBundle(s.bundleId) != null) {
                    Map<String, Object> p = pluginProblem(s.symbolicName + " " + s.version, s.state.name(), s.message);
                    p.put("since", String.valueOf(s.since));
                    pluginProblems.add(p);
                }
            }
        }
        if (pm != null) {
            for (PluginRefusal r : pm.refusals()) {
                Map<String, Object> p = pluginProblem(r.symbolicName == null ? r.source : r.symbolicName + " " + r.version, "REFUSED", r.reason);
                p.put("source", r.source);
                p.put("since", String.valueOf(r.time));
                pluginProblems.add(p);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String status = !problems.isEmpty() ? "DOWN" : !pluginProblems.isEmpty() ? "DEGRADED" : "UP";
        body.put("status", status);
        body.put("bundles", rapport.size());
        body.put("components", components);
        body.put("plugins", pluginBundles.size());
        if (!problems.isEmpty()) {
            body.put("problems", problems);
        }
        if (!pluginProblems.isEmpty()) {
            body.put("plugin_problems", pluginProblems);
        }
        return new Snapshot(problems.isEmpty() ? 200 : 503, JSON.writeValueAsString(Map.of("status", status)),
                JSON.writeValueAsString(body));
    }

    /**
     * Every JAX-RS service a Rapport bundle registers must be served by the whiteboard: a resource that
     * is registered but not (yet) served, or that failed, is not up.
     */
    private void checkEndpoints(List<Bundle> rapport, java.util.function.BiConsumer<String, String> problems) {
        if (rapport.isEmpty()) {
            return;
        }
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
                    problems.accept(name + " (" + b.getSymbolicName() + ")", failed.get(id));
                } else if (!served.contains(id)) {
                    problems.accept(name + " (" + b.getSymbolicName() + ")", "not yet served by the JAX-RS whiteboard");
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

    private static Map<String, Object> pluginProblem(String plugin, String state, String message) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("plugin", plugin);
        p.put("state", state);
        p.put("message", message);
        return p;
    }

    private static String stateText(int state) {
        switch (state) {
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "UNINSTALLED";
        }
    }

    private static Map<String, Object> problem(String kind, String name, String reason) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(kind, name);
        p.put("reason", reason);
        return p;
    }
}
