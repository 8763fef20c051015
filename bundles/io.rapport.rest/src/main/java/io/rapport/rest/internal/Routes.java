package io.rapport.rest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceMethodInfoDTO;

import io.rapport.platform.api.RestApi;

/**
 * The methods each path of the API answers, as the JAX-RS runtime really serves them (its DTOs), for
 * {@code OPTIONS} and the {@code Allow} of a 405: CXF lists every method of the resource class that
 * matched, so {@code OPTIONS /people/search} advertised DELETE, which answers 405. Read again when the
 * runtime changes (its {@code service.changecount}), never per request otherwise.
 */
@Component(service = Routes.class)
public class Routes {
    /** {@code literals} and {@code variables}: how specific the template is, JAX-RS's order of matching. */
    private record Route(Pattern path, String method, int literals, int variables) {
        boolean moreSpecificThan(Route o) {
            return literals != o.literals ? literals > o.literals : variables > o.variables;
        }

        boolean asSpecificAs(Route o) {
            return literals == o.literals && variables == o.variables;
        }
    }

    private record Table(Object changeCount, List<Route> routes) {
    }

    private final JaxrsServiceRuntime runtime;
    private final ServiceReference<JaxrsServiceRuntime> reference;
    private volatile Table table = new Table(null, List.of());

    @Activate
    public Routes(@Reference JaxrsServiceRuntime runtime, @Reference ServiceReference<JaxrsServiceRuntime> reference) {
        this.runtime = runtime;
        this.reference = reference;
    }

    /**
     * The methods answered at {@code path} (under {@link RestApi#BASE}, starting with '/'), with HEAD for GET
     * and OPTIONS; empty when no route of the API matches the path.
     */
    Set<String> allowed(String path) {
        // JAX-RS takes the most specific template that matches (a literal /people/search before /people/{id})
        List<Route> best = new ArrayList<>();
        for (Route r : table().routes()) {
            if (r.path().matcher(path).matches()) {
                if (best.isEmpty() || r.moreSpecificThan(best.get(0))) {
                    best.clear();
                    best.add(r);
                } else if (r.asSpecificAs(best.get(0))) {
                    best.add(r);
                }
            }
        }
        Set<String> methods = new TreeSet<>();
        best.forEach(r -> methods.add(r.method()));
        if (!methods.isEmpty()) {
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            methods.add("OPTIONS");
        }
        return methods;
    }

    private Table table() {
        Object changeCount = reference.getProperty("service.changecount");
        Table t = table;
        if (t.changeCount() == null || !t.changeCount().equals(changeCount)) {
            t = new Table(changeCount, read());
            table = t;
        }
        return t;
    }

    private List<Route> read() {
        List<Route> routes = new ArrayList<>();
        for (ApplicationDTO app : runtime.getRuntimeDTO().applicationDTOs) {
            if (!RestApi.APPLICATION_NAME.equals(app.name)) {
                continue;
            }
            for (ResourceDTO resource : app.resourceDTOs) {
                for (ResourceMethodInfoDTO m : resource.resourceMethods) {
                    if (m.method != null && m.path != null) {
                        String withoutVariables = m.path.replaceAll("\\{[^}]*\\}", "");
                        int variables = (m.path.length() - m.path.replace("{", "").length());
                        routes.add(new Route(template(m.path), m.method, withoutVariables.length(), variables));
                    }
                }
            }
        }
        return routes;
    }

    /** A JAX-RS path template ({@code /people/{id}}, {@code {id: regex}}) as a pattern over a request path. */
    static Pattern template(String path) {
        StringBuilder regex = new StringBuilder();
        String p = path.startsWith("/") ? path : "/" + path;
        int i = 0;
        while (i < p.length()) {
            int open = p.indexOf('{', i);
            if (open < 0) {
                regex.append(Pattern.quote(p.substring(i)));
                break;
            }
            regex.append(Pattern.quote(p.substring(i, open)));
            int depth = 0;
            int close = open;
            for (; close < p.length(); close++) {
                char c = p.charAt(close);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    break;
                }
            }
            String variable = p.substring(open + 1, Math.min(close, p.length()));
            int colon = variable.indexOf(':');
            regex.append(colon < 0 ? "[^/]+" : "(?:" + variable.substring(colon + 1).trim() + ")");
            i = close + 1;
        }
        return Pattern.compile(regex + "/?");
    }
}
