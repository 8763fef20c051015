package io.rapport.itests;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.BaseDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

/**
 * A bundle a test stops, for use in try-with-resources: closing starts it again and returns once the
 * runtime is as it was before the stop, that is the bundle's components satisfied or active again and
 * its JAX-RS resources and extensions back in the JAX-RS runtime. Both come back asynchronously after
 * {@link Bundle#start()} (persistence units, then components, then the whiteboard), so a test that went
 * on at once could meet a path that still answers 404, and so could the next test.
 */
final class StoppedBundle implements AutoCloseable {
    private static final long SETTLE_MS = 30_000;

    private final Bundle bundle;
    private final Settled before;

    private StoppedBundle(Bundle bundle, Settled before) {
        this.bundle = bundle;
        this.before = before;
    }

    /** Stops the bundle with this symbolic name, noting first what it contributes while it runs. */
    static StoppedBundle stop(String symbolicName) throws BundleException {
        return stop(find(symbolicName));
    }

    static StoppedBundle stop(Bundle bundle) throws BundleException {
        Settled before = Settled.of(bundle);
        bundle.stop();
        return new StoppedBundle(bundle, before);
    }

    static Bundle find(String symbolicName) {
        for (Bundle b : context().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("No bundle " + symbolicName);
    }

    /** Starts the bundle again and waits until it contributes what it did before the stop. */
    @Override
    public void close() throws BundleException, InterruptedException {
        bundle.start();
        long deadline = System.currentTimeMillis() + SETTLE_MS;
        Settled now;
        while (!(now = Settled.of(bundle)).covers(before)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(bundle.getSymbolicName() + " did not come back within " + SETTLE_MS + " ms: before the stop "
                        + before + ", now " + now);
            }
            Thread.sleep(25);
        }
    }

    private static BundleContext context() {
        return FrameworkUtil.getBundle(StoppedBundle.class).getBundleContext();
    }

    /** What a bundle contributes: its satisfied or active components, and its services the JAX-RS runtime serves. */
    private record Settled(Set<String> components, int jaxrsServices) {
        static Settled of(Bundle bundle) {
            BundleContext context = context();
            Set<String> components = new TreeSet<>();
            ServiceReference<ServiceComponentRuntime> scrRef = context.getServiceReference(ServiceComponentRuntime.class);
            ServiceComponentRuntime scr = scrRef == null ? null : context.getService(scrRef);
            if (scr != null) {
                try {
                    for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle)) {
                        for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                            if (c.state == ComponentConfigurationDTO.SATISFIED || c.state == ComponentConfigurationDTO.ACTIVE) {
                                components.add(d.name);
                            }
                        }
                    }
                } finally {
                    context.ungetService(scrRef);
                }
            }
            return new Settled(components, servedByJaxrs(context, bundle));
        }

        private static int servedByJaxrs(BundleContext context, Bundle bundle) {
            ServiceReference<?>[] registered = bundle.getRegisteredServices();
            if (registered == null) {
                return 0;
            }
            Set<Long> ids = new HashSet<>();
            for (ServiceReference<?> r : registered) {
                if (r.getProperty("osgi.jaxrs.resource") != null || r.getProperty("osgi.jaxrs.extension") != null
                        || r.getProperty("osgi.jaxrs.application.base") != null) {
                    ids.add((Long) r.getProperty("service.id"));
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            ServiceReference<JaxrsServiceRuntime> ref = context.getServiceReference(JaxrsServiceRuntime.class);
            JaxrsServiceRuntime jaxrs = ref == null ? null : context.getService(ref);
            if (jaxrs == null) {
                return 0;
            }
            try {
                RuntimeDTO runtime = jaxrs.getRuntimeDTO();
                List<ApplicationDTO> applications = new ArrayList<>(List.of(runtime.applicationDTOs));
                if (runtime.defaultApplication != null) {
                    applications.add(runtime.defaultApplication);
                }
                List<BaseDTO> served = new ArrayList<>();
                for (ApplicationDTO a : applications) {
                    served.add(a);
                    served.addAll(List.of(a.resourceDTOs));
                    served.addAll(List.of(a.extensionDTOs));
                }
                return (int) served.stream().filter(d -> ids.contains(d.serviceId)).count();
            } finally {
                context.ungetService(ref);
            }
        }

        /** Everything that ran before runs again. */
        boolean covers(Settled before) {
            return components.containsAll(before.components) && jaxrsServices >= before.jaxrsServices;
        }
    }
}
