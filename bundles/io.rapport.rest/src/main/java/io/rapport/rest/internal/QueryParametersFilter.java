package io.rapport.rest.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.UriInfo;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.api.Problem;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.RestApi;

/**
 * A query parameter the resource method does not read is a 400 naming it (and those it reads): ignored, a
 * typo such as {@code ?Email=} or {@code ?status=} silently changed what a request meant. A method that
 * takes the request's {@link UriInfo} reads parameters of its own choosing and checks them itself (the
 * people and company lists, whose filters other bundles contribute).
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName(QueryParametersFilter.NAME)
@JaxrsApplicationSelect(RestApi.APPLICATION_SELECT)
@Priority(Priorities.USER)
public class QueryParametersFilter implements ContainerRequestFilter {
    static final String NAME = "rapport.queryparameters";
    /** Methods that check their own parameters. */
    private static final Set<String> SELF_CHECKED = Collections.unmodifiableSet(new TreeSet<>());

    @Context
    ResourceInfo resource;

    /** The parameters each resource method reads; weak keys, so that uninstalled bundles' methods go. */
    private final Map<Method, Set<String>> declared = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return;
        }
        Set<String> allowed = declared.computeIfAbsent(method, QueryParametersFilter::queryParameters);
        if (allowed == SELF_CHECKED) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        for (String name : request.getUriInfo().getQueryParameters().keySet()) {
            if (!allowed.contains(name)) {
                errors.add(new FieldError(name, allowed.isEmpty() ? "unknown query parameter; this request takes none"
                        : "unknown query parameter; allowed are " + String.join(", ", allowed)));
            }
        }
        if (!errors.isEmpty()) {
            request.abortWith(ProblemMapper.response(Problem.of(new InvalidException(errors))));
        }
    }

    private static Set<String> queryParameters(Method method) {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : method.getParameterTypes()) {
            if (UriInfo.class.equals(type)) {
                return SELF_CHECKED;
            }
        }
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation a : annotations) {
                if (a instanceof QueryParam) {
                    names.add(((QueryParam) a).value());
                }
            }
        }
        return Collections.unmodifiableSet(names);
    }
}
