package io.rapport.platform.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.errors.UnavailableException;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.ProfileField;
import io.rapport.platform.api.ProfileSection;
import io.rapport.platform.api.Profiles;
import io.rapport.platform.api.SubjectFilter;

/**
 * Holds sections, fields and filters by service reference and gets each service only when a request
 * uses it: their components usually need their own bundle's service, which may need this one, and
 * getting them while binding would be an activation cycle.
 */
@Component
public class ProfilesImpl implements Profiles {
    private static final Logger LOG = LoggerFactory.getLogger(ProfilesImpl.class);

    /** Sections and fields Rapport's own bundles provide: when one is missing, say which bundle to start. */
    static final Map<String, String> WELL_KNOWN = Map.of("attributes", "io.rapport.attributes", "tags", "io.rapport.tags",
            "notes", "io.rapport.notes", "companies", "io.rapport.companies", "people", "io.rapport.companies",
            "timeline", "io.rapport.timeline", "conversations", "io.rapport.conversations");
    /** Most sections one include may name. */
    static final int MAX_INCLUDES = 32;
    /** Fields of other bundles that a patch may carry; any other key is left to the caller to judge. */
    static final Set<String> WRITABLE_WELL_KNOWN = Set.of("attributes");

    /** Striped locks of {@link #exclusively}: a profile always maps to the same one. */
    private final java.util.concurrent.locks.ReentrantLock[] writeLocks = new java.util.concurrent.locks.ReentrantLock[64];
    private final List<Registered<ProfileSection>> sections = new CopyOnWriteArrayList<>();
    private final List<Registered<ProfileField>> fields = new CopyOnWriteArrayList<>();
    private final List<Registered<SubjectFilter>> filters = new CopyOnWriteArrayList<>();

    /** List filters Rapport's own bundles provide. */
    static final Map<String, String> WELL_KNOWN_FILTERS = Map.of("tag", "io.rapport.tags");

    private final BundleContext context;

    @Activate
    public ProfilesImpl(BundleContext context) {
        this.context = context;
        java.util.Arrays.setAll(writeLocks, i -> new java.util.concurrent.locks.ReentrantLock());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addFilter(ServiceReference<SubjectFilter> ref) {
        filters.add(new Registered<>(ref, ref.getProperty(SubjectFilter.PARAMETER), ref.getProperty(SubjectFilter.MODELS), false));
    }

    void removeFilter(ServiceReference<SubjectFilter> ref) {
        remove(filters, ref);
    }

    @Override
    public List<SubjectFilter.Condition> filters(String model, String idColumn, Map<String, List<String>> queryParameters) {
        return filters(model, idColumn, queryParameters, null);
    }

    @Override
    public List<SubjectFilter.Condition> filters(String model, String idColumn, Map<String, List<String>> queryParameters,
            Set<String> ownParameters) {
        List<SubjectFilter.Condition> conditions = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, List<String>> p : queryParameters.entrySet()) {
            if (ownParameters != null && ownParameters.contains(p.getKey())) {
                continue;
            }
            Registered<SubjectFilter> filter = find(filters, p.getKey(), model);
            if (filter == null) {
                if (WELL_KNOWN_FILTERS.containsKey(p.getKey())) {
                    throw new InvalidException(p.getKey(), "filtering by " + p.getKey() + " needs the "
                            + WELL_KNOWN_FILTERS.get(p.getKey()) + " bundle, which is not running");
                }
                if (ownParameters != null) {
                    unknown.add(p.getKey());
                }
                continue;
            }
            SubjectFilter service = service(filter);
            if (service == null) {
                throw new InvalidException(p.getKey(), "filtering by " + p.getKey() + " is not available right now");
            }
            for (String value : p.getValue()) {
                conditions.add(service.condition(model, idColumn, value));
            }
        }
        if (!unknown.isEmpty()) {
            Set<String> allowed = new java.util.TreeSet<>(ownParameters);
            for (Registered<SubjectFilter> f : filters) {
                if (f.serves(model)) {
                    allowed.add(f.name);
                }
            }
            List<FieldError> errors = new ArrayList<>();
            for (String name : unknown) {
                errors.add(new FieldError(name, "unknown query parameter; allowed are " + String.join(", ", allowed)));
            }
            throw new InvalidException(errors);
        }
        return conditions;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSection(ServiceReference<ProfileSection> ref) {
        sections.add(new Registered<>(ref));
    }

    void removeSection(ServiceReference<ProfileSection> ref) {
        remove(sections, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addField(ServiceReference<ProfileField> ref) {
        fields.add(new Registered<>(ref));
    }

    void removeField(ServiceReference<ProfileField> ref) {
        remove(fields, ref);
    }

    private <T> void remove(List<Registered<T>> list, ServiceReference<T> ref) {
        for (Registered<T> r : list) {
            if (r.ref.equals(ref)) {
                list.remove(r);
                if (r.got) {
                    try {
                        context.ungetService(ref);
                    } catch (IllegalStateException stopping) {
                        // our bundle is stopping
                    }
                }
            }
        }
    }

    /** The service of a registration, got on first use; null when it went away meanwhile. */
    private <T> T service(Registered<T> r) {
        if (!r.got) {
            synchronized (r) {
                if (!r.got) {
                    r.service = context.getService(r.ref);
                    r.got = r.service != null;
                }
            }
        }
        return r.service;
    }

    @Override
    public Map<String, Object> assemble(String model, String subjectId, Map<String, Object> profile, String include) {
        Map<String, Object> result = new LinkedHashMap<>(profile);
        Map<String, String> unavailable = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (Registered<ProfileSection> r : sections) {
            if (r.always && r.serves(model) && !names.contains(r.name)) {
                names.add(r.name);
            }
        }
        if (include != null) {
            List<String> unknown = new ArrayList<>();
            String[] asked = include.split(",", MAX_INCLUDES + 2);
            if (asked.length > MAX_INCLUDES) {
                throw new InvalidException("include", "names at most " + MAX_INCLUDES + " sections");
            }
            for (String raw : asked) {
                String name = raw.trim();
                if (name.isEmpty() || names.contains(name)) {
                    continue;
                }
                if (find(sections, name, model) == null && !WELL_KNOWN.containsKey(name)) {
                    unknown.add(name);
                } else if (find(sections, name, model) == null && sections.stream().anyMatch(r -> r.name.equals(name))) {
                    unknown.add(name); // a section of another model
                } else {
                    names.add(name);
                }
            }
            if (!unknown.isEmpty()) {
                Set<String> known = new java.util.TreeSet<>();
                for (Registered<ProfileSection> r : sections) {
                    if (r.serves(model)) {
                        known.add(r.name);
                    }
                }
                throw new InvalidException("include", "a " + model + " has no section " + unknown.stream()
                        .map(n -> "'" + io.rapport.platform.api.Problem.cut(n, 60) + "'").collect(java.util.stream.Collectors.joining(", "))
                        + "; its sections are " + String.join(", ", known));
            }
        }
        for (String name : names) {
            Registered<ProfileSection> section = find(sections, name, model);
            ProfileSection service = section == null ? null : service(section);
            if (service == null) {
                unavailable.put(name, section == null && sections.stream().anyMatch(r -> r.name.equals(name))
                        ? "a " + model + " has no '" + name + "' section" : missing(name, model));
                continue;
            }
            try {
                result.put(name, service.read(model, subjectId));
            } catch (RuntimeException e) {
                // One section failing must not fail the profile.
                LOG.warn("Profile section {} failed for {} {}", name, model, subjectId, e);
                unavailable.put(name, "the section failed: " + e.getMessage());
            }
        }
        if (!unavailable.isEmpty()) {
            result.put(UNAVAILABLE, unavailable);
        }
        return result;
    }

    @Override
    public <T> T exclusively(String model, String subjectId, java.util.function.Supplier<T> write) {
        java.util.concurrent.locks.ReentrantLock lock = writeLocks[Math.floorMod((model + "/" + subjectId).hashCode(), writeLocks.length)];
        lock.lock();
        try {
            return write.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<String, Object> extensionsOf(String model, String subjectId, Map<String, Object> patch) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Registered<ProfileField> field = find(fields, e.getKey(), model);
            ProfileField service = field == null ? null : service(field);
            if (service != null) {
                try {
                    service.validate(model, subjectId, e.getValue());
                } catch (DomainException p) {
                    if (!(p instanceof InvalidException)) {
                        throw p;
                    }
                    errors.addAll(p.errors.isEmpty() ? List.of(new FieldError(e.getKey(), p.detail)) : p.errors);
                }
                extensions.put(e.getKey(), e.getValue());
            } else if (WRITABLE_WELL_KNOWN.contains(e.getKey())) {
                throw new UnavailableException("'" + e.getKey() + "' cannot be set now: "
                        + missing(e.getKey(), model) + ".", List.of(new FieldError(e.getKey(), missing(e.getKey(), model))));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidException(errors);
        }
        return extensions;
    }

    @Override
    public Map<String, Map<String, Object>> writeExtensions(String model, String subjectId, Map<String, Object> extensions, String actor) {
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : extensions.entrySet()) {
            Registered<ProfileField> field = find(fields, e.getKey(), model);
            ProfileField service = field == null ? null : service(field);
            if (service == null) {
                throw new UnavailableException("The '" + e.getKey() + "' field went away while writing: "
                        + missing(e.getKey(), model) + ". Parts of the change before it were written; read the profile and retry.");
            }
            changes.putAll(service.write(model, subjectId, e.getValue(), actor));
        }
        return changes;
    }

    private static String missing(String name, String model) {
        String bundle = WELL_KNOWN.get(name);
        return bundle != null ? "the " + bundle + " bundle, which provides '" + name + "', is not running"
                : "no running bundle provides '" + name + "' for a " + model;
    }

    private static <T> Registered<T> find(List<Registered<T>> list, String name, String model) {
        for (Registered<T> r : list) {
            if (r.name.equals(name) && r.serves(model)) {
                return r;
            }
        }
        return null;
    }

    static final class Registered<T> {
        final ServiceReference<T> ref;
        volatile T service;
        volatile boolean got;
        final String name;
        final Set<String> models;
        final boolean always;

        Registered(ServiceReference<T> ref) {
            this(ref, ref.getProperty(ProfileSection.NAME), ref.getProperty(ProfileSection.MODELS),
                    Boolean.parseBoolean(String.valueOf(ref.getProperty(ProfileSection.ALWAYS))));
        }

        Registered(ServiceReference<T> ref, Object name, Object models, boolean always) {
            this.ref = ref;
            this.name = String.valueOf(name);
            this.models = Set.copyOf(strings(models));
            this.always = always;
        }

        boolean serves(String model) {
            return models.isEmpty() || models.contains(model);
        }
    }

    static List<String> strings(Object value) {
        List<String> result = new ArrayList<>();
        if (value instanceof String[]) {
            for (String s : (String[]) value) {
                result.addAll(List.of(s.split(",")));
            }
        } else if (value instanceof java.util.Collection) {
            ((java.util.Collection<?>) value).forEach(v -> result.addAll(List.of(String.valueOf(v).split(","))));
        } else if (value != null) {
            result.addAll(List.of(String.valueOf(value).split(",")));
        }
        result.replaceAll(String::trim);
        return result;
    }
}
