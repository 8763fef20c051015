package io.rapport.search.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.rapport.persistence.api.Change;
import io.rapport.platform.search.FieldType;
import io.rapport.platform.search.SearchField;
import io.rapport.platform.search.SearchFieldProvider;

/**
 * A bound {@link SearchFieldProvider} and what the index knows of it: its state (loading, loaded,
 * gone), the changes held back while it loads, and the fields it declared. Its service is got on first
 * use, not when bound: a provider commonly needs services that need the search, and getting it while
 * binding would be an activation cycle.
 */
final class Provider {
    final ServiceReference<SearchFieldProvider> reference;
    final String bundle;
    final Set<String> models;
    private final BundleContext context;
    private SearchFieldProvider service;

    /** Guarded by this. */
    boolean loading = true;
    /** Guarded by this: changes that arrived while it loads, applied after. */
    final List<Change> deferred = new ArrayList<>();
    volatile boolean gone;
    /**
     * Changes up to this sequence number are in what it loads (read as its load starts); -1 before: a
     * change delivered then was committed before the load reads, so it is in the load too. Guarded by this.
     */
    long loadSeq = -1;

    synchronized long loadSeqValue() {
        return loadSeq;
    }
    volatile List<String> topics = List.of();
    /** Why its last load failed, or null. */
    volatile String failure;
    /** Subjects announced by its current load, per model; written by the loader thread only. */
    volatile long loadedCount;
    /** Models whose subjects it announces (it is their owning bundle). */
    final Set<String> ownsSubjects = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The fields it declared last, per model: their types decide how its writes are read. */
    private final Map<String, Map<String, FieldType>> declared = new HashMap<>();
    private final Set<String> warned = new HashSet<>();
    /** Fields it wrote without declaring them, since it last listed its fields: not asked about again until then. */
    private final Set<String> undeclared = new HashSet<>();

    Provider(BundleContext context, ServiceReference<SearchFieldProvider> reference) {
        this.context = context;
        this.reference = reference;
        Bundle b = reference.getBundle();
        this.bundle = b == null ? "(gone)" : b.getSymbolicName();
        this.models = models(reference.getProperty(SearchFieldProvider.MODELS));
    }

    private static Set<String> models(Object property) {
        Set<String> m = new LinkedHashSet<>();
        if (property instanceof String[]) {
            m.addAll(List.of((String[]) property));
        } else if (property instanceof Collection) {
            ((Collection<?>) property).forEach(x -> m.add(String.valueOf(x)));
        } else if (property != null) {
            for (String s : String.valueOf(property).split(",")) {
                m.add(s.trim());
            }
        } else {
            m.add("person");
            m.add("company");
        }
        return m;
    }

    /** The service, or null when it is gone or its activation failed. */
    synchronized SearchFieldProvider service() {
        if (service == null && !gone) {
            try {
                service = context.getService(reference);
            } catch (IllegalStateException | SecurityException e) {
                return null;
            }
        }
        return service;
    }

    synchronized void release() {
        gone = true;
        if (service != null) {
            service = null;
            try {
                context.ungetService(reference);
            } catch (IllegalStateException stopping) {
                // our bundle is stopping: the framework releases it anyway
            }
        }
    }

    /** Its fields of {@code model} now (asks the provider), remembered for reading its writes. */
    List<SearchField> fields(String model) {
        SearchFieldProvider s = service();
        if (s == null || !models.contains(model)) {
            return List.of();
        }
        List<SearchField> fields = s.fields(model);
        Map<String, FieldType> types = new HashMap<>();
        if (fields != null) {
            for (SearchField f : fields) {
                types.put(f.name, f.type);
            }
        }
        synchronized (declared) {
            declared.put(model, types);
            undeclared.clear();
        }
        return fields == null ? List.of() : fields;
    }

    /** The type of a field it writes: as declared last, asking again once for a field it did not declare. */
    FieldType typeOf(String model, String field) {
        FieldType t;
        synchronized (declared) {
            Map<String, FieldType> m = declared.get(model);
            t = m == null ? null : m.get(field);
            if (t == null && undeclared.contains(model + "/" + field)) {
                return null;
            }
        }
        if (t == null) {
            for (SearchField f : fields(model)) {
                if (f.name.equals(field)) {
                    return f.type;
                }
            }
            synchronized (declared) {
                undeclared.add(model + "/" + field);
            }
        }
        return t;
    }

    Set<String> declaredNames(String model) {
        synchronized (declared) {
            Map<String, FieldType> m = declared.get(model);
            return m == null ? Set.of() : new HashSet<>(m.keySet());
        }
    }

    /** Whether to log a problem with its writes to a field (once per field). */
    boolean warnOnce(String key) {
        synchronized (warned) {
            return warned.add(key);
        }
    }

    boolean wants(String topic) {
        for (String prefix : topics) {
            if (topic.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return bundle + " " + models;
    }
}
