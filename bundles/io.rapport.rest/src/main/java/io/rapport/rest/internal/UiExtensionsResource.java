package io.rapport.rest.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.rapport.platform.api.Page;
import io.rapport.platform.api.RestApi;
import io.rapport.platform.ui.UiExtension;

/**
 * {@code GET /api/v1/ui/extensions}: the dashboard parts plugins contribute ({@link UiExtension}s), from
 * their service properties only. {@link #version()} changes whenever one comes or goes, so that the change
 * stream can tell open pages to load them again.
 */
@Component(service = UiExtensionsResource.class)
@JaxrsResource
@JSONRequired
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Path("ui/extensions")
@Produces(MediaType.APPLICATION_JSON)
public class UiExtensionsResource {
    /** A custom element's name: lower case, with a hyphen (the HTML rule), nothing a page could be fooled by. */
    private static final Pattern ELEMENT = Pattern.compile("[a-z][a-z0-9]*-[a-z0-9-]*");
    private static final Pattern MODULE = Pattern.compile("/[A-Za-z0-9._~/-]*\\.m?js");

    private final Map<ServiceReference<UiExtension>, Map<String, Object>> extensions = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addExtension(ServiceReference<UiExtension> ref) {
        Map<String, Object> json = describe(ref);
        if (json != null) {
            extensions.put(ref, json);
            version.incrementAndGet();
        }
    }

    void removeExtension(ServiceReference<UiExtension> ref) {
        if (extensions.remove(ref) != null) {
            version.incrementAndGet();
        }
    }

    /** Changes whenever an extension comes or goes. */
    long version() {
        return version.get();
    }

    @GET
    public Page<Map<String, Object>> list() {
        List<Map<String, Object>> data = new ArrayList<>(extensions.values());
        data.sort(Comparator.comparing((Map<String, Object> m) -> String.valueOf(m.get("kind"))).thenComparing(m -> String.valueOf(m.get("target"))));
        return new Page<>(data, null);
    }

    /** The extension as JSON; null (ignored) when its properties are not usable. */
    private static Map<String, Object> describe(ServiceReference<UiExtension> ref) {
        String kind = string(ref, UiExtension.KIND);
        String target = string(ref, UiExtension.TARGET);
        String module = string(ref, UiExtension.MODULE);
        if (kind == null || target == null || module == null || !MODULE.matcher(module).matches() || module.contains("..")) {
            return null;
        }
        Map<String, Object> elements = new LinkedHashMap<>();
        for (String role : List.of("editor", "display", "message")) {
            String element = string(ref, "rapport.ui." + role);
            if (element != null && ELEMENT.matcher(element).matches()) {
                elements.put(role, element);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", kind);
        json.put("target", target);
        // the bundle's version and install time in the URL: an upgraded plugin's module is a new URL, so
        // browsers (which keep modules by URL) load the new one
        org.osgi.framework.Bundle bundle = ref.getBundle();
        json.put("module", bundle == null ? module : module + "?v=" + bundle.getVersion() + "-" + bundle.getLastModified());
        json.put("elements", elements);
        json.put("plugin", ref.getBundle() == null ? null : ref.getBundle().getSymbolicName());
        return json;
    }

    private static String string(ServiceReference<?> ref, String key) {
        Object v = ref.getProperty(key);
        return v instanceof String && !((String) v).isBlank() ? ((String) v).trim() : null;
    }
}
