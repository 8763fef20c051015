package io.rapport.search.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.errors.UnavailableException;
import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeConsumer;
import io.rapport.persistence.api.ChangeLog;
import io.rapport.platform.api.Models;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.search.FieldType;
import io.rapport.platform.search.SearchField;
import io.rapport.platform.search.SearchFieldProvider;
import io.rapport.search.api.SearchListener;
import io.rapport.search.api.SearchService;

/**
 * The search: an in-memory index fed by the {@link SearchFieldProvider}s of running bundles (loaded when
 * each appears, kept fresh from the change log), the query language over it, and the
 * {@link SearchListener}s told what changed.
 */
@Component(service = { SearchService.class, ChangeConsumer.class, SearchServiceImpl.class }, immediate = true,
        configurationPid = SearchConfig.PID, property = ChangeConsumer.NAME + "=io.rapport.search")
@Designate(ocd = SearchConfig.class)
public class SearchServiceImpl implements SearchService, ChangeConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(SearchServiceImpl.class);
    static final String SELF = "io.rapport.search";
    private static final int LOAD_BATCH = 10_000;
    private static final int APPLY_ATTEMPTS = 3;
    private static final long SCHEMA_TTL_MS = 1000;

    /** Fields Rapport's own bundles provide: when one is missing, say which bundle is not running. */
    static final Map<String, String> WELL_KNOWN_PERSON = Map.ofEntries(Map.entry("name", "io.rapport.people"),
            Map.entry("emails", "io.rapport.people"), Map.entry("phones", "io.rapport.people"), Map.entry("external_id", "io.rapport.people"),
            Map.entry("avatar_url", "io.rapport.people"), Map.entry("location.city", "io.rapport.people"),
            Map.entry("location.region", "io.rapport.people"), Map.entry("location.country", "io.rapport.people"),
            Map.entry("updated_at", "io.rapport.people"), Map.entry("tags", "io.rapport.tags"),
            Map.entry("last_seen", "io.rapport.conversations"));
    static final Map<String, String> WELL_KNOWN_COMPANY = Map.ofEntries(Map.entry("name", "io.rapport.companies"),
            Map.entry("domain", "io.rapport.companies"), Map.entry("website", "io.rapport.companies"),
            Map.entry("industry", "io.rapport.companies"), Map.entry("size", "io.rapport.companies"),
            Map.entry("external_id", "io.rapport.companies"), Map.entry("updated_at", "io.rapport.companies"),
            Map.entry("tags", "io.rapport.tags"));
    /** The bundles that own each model's subjects (see IndexSink#subject). */
    static final Map<String, String> OWNERS = Map.of("person", "io.rapport.people", "company", "io.rapport.companies");
    static final Map<String, String> WELL_KNOWN_PREFIXES = Map.of("attributes.", "io.rapport.attributes", "companies.", "io.rapport.companies",
            "conversations.", "io.rapport.conversations", "tickets.", "io.rapport.conversations");

    private final BundleContext context;
    private final ChangeLog changeLog;
    private final long loadingWaitMs;
    private final long loadRetryMs;
    final SearchIndex index;
    private final List<Provider> providers = new CopyOnWriteArrayList<>();
    private final Map<ServiceReference<SearchFieldProvider>, Provider> byReference = new ConcurrentHashMap<>();
    /** Which provider writes each field, per model; guarded by the index's write lock. */
    private final Map<String, Map<String, Provider>> writers = new HashMap<>();
    /** Fields of providers that went away, per model, with their bundle: for the 400 that names it. */
    private final Map<String, Map<String, String>> departed = new ConcurrentHashMap<>();
    private final Map<ServiceReference<SearchListener>, SearchListener> listeners = new ConcurrentHashMap<>();
    private final Object listenerLock = new Object();
    private final Object loadMonitor = new Object();
    private final ScheduledExecutorService loader;
    private final Map<String, CachedSchema> schemas = new ConcurrentHashMap<>();
    private long failingSeq = -1;
    private int attempts;

    @Activate
    public SearchServiceImpl(BundleContext context, @Reference ChangeLog changeLog, SearchConfig config) {
        this.context = context;
        this.changeLog = changeLog;
        this.loadingWaitMs = config.loading_wait_ms();
        this.loadRetryMs = config.load_retry_ms();
        this.index = new SearchIndex(Math.max(0, config.condition_cache_entries()));
        ScheduledThreadPoolExecutor l = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "rapport-search-loader");
            t.setDaemon(true);
            return t;
        });
        l.setRemoveOnCancelPolicy(true);
        this.loader = l;
    }

    @Deactivate
    void deactivate() {
        loader.shutdownNow();
        providers.forEach(Provider::release);
        synchronized (loadMonitor) {
            loadMonitor.notifyAll();
        }
    }

    // ---- providers ------------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            service = SearchFieldProvider.class)
    void addProvider(ServiceReference<SearchFieldProvider> reference) {
        Provider p = new Provider(context, reference);
        byReference.put(reference, p);
        providers.add(p);
        schemas.clear();
        loader.execute(() -> load(p));
    }

    void removeProvider(ServiceReference<SearchFieldProvider> reference) {
        Provider p = byReference.remove(reference);
        if (p == null) {
            return;
        }
        providers.remove(p);
        p.release();
        index.write(ix -> {
            for (Map.Entry<String, Map<String, Provider>> e : writers.entrySet()) {
                List<String> gone = new ArrayList<>();
                e.getValue().forEach((field, writer) -> {
                    if (writer == p) {
                        gone.add(field);
                    }
                });
                gone.forEach(e.getValue()::remove);
                ix.model(e.getKey()).dropColumns(gone);
            }
            return null;
        });
        for (String model : p.models) {
            for (String field : p.declaredNames(model)) {
                departed.computeIfAbsent(model, k -> new ConcurrentHashMap<>()).put(field, p.bundle);
            }
        }
        schemas.clear();
        synchronized (loadMonitor) {
            loadMonitor.notifyAll();
        }
        LOG.info("Search: the fields of {} left the index", p);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            service = SearchListener.class)
    void addListener(ServiceReference<SearchListener> reference) {
        listeners.put(reference, LAZY);
    }

    void removeListener(ServiceReference<SearchListener> reference) {
        SearchListener l = listeners.remove(reference);
        if (l != null && l != LAZY) {
            try {
                context.ungetService(reference);
            } catch (IllegalStateException stopping) {
                // our bundle is stopping
            }
        }
    }

    /** Marks a listener bound but not got yet (got on first use, to avoid an activation cycle). */
    private static final SearchListener LAZY = (model, ids, seq) -> {
    };

    private boolean accept(SinkOp op) {
        Provider p = op.source;
        if (p.gone) {
            return false;
        }
        if (op.kind != SinkOp.Kind.SET) {
            return true;
        }
        Map<String, Provider> w = writers.computeIfAbsent(op.model, k -> new HashMap<>());
        Provider current = w.get(op.field);
        if (current == null || current.gone) {
            w.put(op.field, p);
            return true;
        }
        if (current != p) {
            if (p.warnOnce("owner/" + op.model + "/" + op.field)) {
                LOG.warn("{} writes {} field '{}', which {} provides; its writes are ignored", p.bundle, op.model, op.field, current.bundle);
            }
            return false;
        }
        return true;
    }

    private void load(Provider p) {
        if (p.gone) {
            return;
        }
        try {
            io.rapport.platform.search.SearchFieldProvider service = p.service();
            if (service == null) {
                throw new IllegalStateException("its service is not available");
            }
            p.topics = List.copyOf(service.topics());
            synchronized (p) {
                p.loadSeq = changeLog.lastSeq();
                long seq = p.loadSeq;
                p.deferred.removeIf(c -> c.seq <= seq);
            }
            long start = System.nanoTime();
            SearchIndex.Seen seen = new SearchIndex.Seen();
            long subjects = 0;
            for (String model : p.models) {
                p.fields(model);
                BufferedSink sink = new BufferedSink(p, LOAD_BATCH, ops -> {
                    index.apply(ops, this::accept, seen);
                    p.loadedCount += ops.size();
                });
                service.load(model, sink);
                sink.flush();
                subjects += sink.subjects();
                if (sink.subjects() > 0 || p.ownsSubjects.contains(model)) {
                    BitSet announced = seen.byModel.getOrDefault(model, new BitSet());
                    int removed = index.write(ix -> ix.model(model).removeUnseen(announced));
                    if (removed > 0) {
                        LOG.info("Search: {} {} subjects were gone from {}'s load and left the index", removed, model, p.bundle);
                    }
                }
            }
            LOG.info("Search: loaded {} in {} ms ({} subjects, {} writes)", p, (System.nanoTime() - start) / 1_000_000, subjects,
                    p.loadedCount);
            p.failure = null;
            drainDeferred(p);
        } catch (BufferedSink.Cancelled gone) {
            return;
        } catch (RuntimeException | Error e) {
            if (p.gone) {
                return;
            }
            p.failure = e.toString();
            synchronized (p) {
                p.loadSeq = -1; // the next attempt loads everything again
                p.deferred.clear();
            }
            LOG.error("Search: loading the fields of {} failed; trying again in {} ms", p, loadRetryMs, e);
            try {
                loader.schedule(() -> load(p), loadRetryMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // deactivated
            }
        } finally {
            synchronized (loadMonitor) {
                loadMonitor.notifyAll();
            }
        }
    }

    /** Applies the changes that came while the provider loaded, then lets changes reach it directly. */
    private void drainDeferred(Provider p) {
        while (true) {
            List<Change> batch;
            synchronized (p) {
                if (p.deferred.isEmpty()) {
                    p.loading = false;
                    return;
                }
                batch = new ArrayList<>(p.deferred);
                p.deferred.clear();
            }
            for (Change c : batch) {
                if (c.seq > p.loadSeqValue() && p.wants(c.topic)) {
                    try {
                        applyChange(c, List.of(p));
                    } catch (Exception e) {
                        LOG.error("Search: {} could not apply change {} after its load; its fields may be stale for that subject", p, c, e);
                    }
                }
            }
        }
    }

    // ---- the change feed --------------------------------------------------------------------------

    @Override
    public void accept(Change change) throws Exception {
        List<Provider> targets = new ArrayList<>();
        for (Provider p : providers) {
            if (p.gone) {
                continue;
            }
            synchronized (p) {
                if (p.loading) {
                    if (p.loadSeq >= 0 && change.seq > p.loadSeq) {
                        p.deferred.add(change);
                    }
                    continue;
                }
                if (change.seq <= p.loadSeq) {
                    continue; // in what it loaded
                }
            }
            if (p.wants(change.topic)) {
                targets.add(p);
            }
        }
        if (!targets.isEmpty()) {
            applyChange(change, targets);
        }
    }

    private void applyChange(Change change, List<Provider> targets) throws Exception {
        List<SinkOp> ops = new ArrayList<>();
        Exception failure = null;
        Provider failed = null;
        for (Provider p : targets) {
            io.rapport.platform.search.SearchFieldProvider service = p.service();
            if (service == null) {
                continue;
            }
            BufferedSink sink = new BufferedSink(p, Integer.MAX_VALUE, ops::addAll);
            try {
                service.apply(change.topic, change.model, change.subjectId, change.data, sink);
                sink.flush();
            } catch (BufferedSink.Cancelled gone) {
                // it went away meanwhile
            } catch (Exception e) {
                sink.flush(); // what it wrote holds: values are absolute
                failure = e;
                failed = p;
            }
        }
        Map<String, Set<String>> changed = index.apply(ops, this::accept, null);
        tell(changed, change.seq);
        if (failure != null) {
            synchronized (this) {
                if (change.seq == failingSeq) {
                    attempts++;
                } else {
                    failingSeq = change.seq;
                    attempts = 1;
                }
                if (attempts < APPLY_ATTEMPTS) {
                    LOG.warn("Search: {} failed to apply change {} (attempt {}): {}", failed, change, attempts, failure.toString());
                    throw failure;
                }
            }
            LOG.error("Search: {} failed to apply change {} {} times; going on without it", failed, change, APPLY_ATTEMPTS, failure);
        }
    }

    private void tell(Map<String, Set<String>> changed, long seq) {
        if (changed.isEmpty() || listeners.isEmpty()) {
            return;
        }
        synchronized (listenerLock) {
            for (Map.Entry<ServiceReference<SearchListener>, SearchListener> e : listeners.entrySet()) {
                SearchListener l = e.getValue();
                if (l == LAZY) {
                    try {
                        l = context.getService(e.getKey());
                    } catch (IllegalStateException gone) {
                        l = null;
                    }
                    if (l == null) {
                        continue;
                    }
                    listeners.replace(e.getKey(), LAZY, l);
                }
                for (Map.Entry<String, Set<String>> m : changed.entrySet()) {
                    try {
                        l.changed(m.getKey(), Set.copyOf(m.getValue()), seq);
                    } catch (RuntimeException ex) {
                        LOG.warn("Search: a SearchListener failed on change #{}: {}", seq, ex.toString(), ex);
                    }
                }
            }
        }
    }

    // ---- fields ---------------------------------------------------------------------------------

    /** A searchable field and the provider that has it (null for created_at, which the index keeps). */
    static final class Decl {
        final SearchField field;
        final Provider provider;

        Decl(SearchField field, Provider provider) {
            this.field = field;
            this.provider = provider;
        }

        String bundle() {
            return provider == null ? SELF : provider.bundle;
        }
    }

    private static final class CachedSchema {
        final long at;
        final Map<String, Decl> fields;

        CachedSchema(long at, Map<String, Decl> fields) {
            this.at = at;
            this.fields = fields;
        }
    }

    /** The fields of a model, by name; cached for a second (a miss asks the providers again). */
    Map<String, Decl> declarations(String model, boolean fresh) {
        long now = System.currentTimeMillis();
        CachedSchema cached = schemas.get(model);
        if (!fresh && cached != null && now - cached.at < SCHEMA_TTL_MS) {
            return cached.fields;
        }
        Map<String, Decl> fields = new LinkedHashMap<>();
        Provider owner = null;
        List<Provider> ordered = new ArrayList<>(providers);
        ordered.sort(Comparator.comparing((Provider p) -> p.reference, Comparator.reverseOrder()));
        for (Provider p : ordered) {
            if (p.gone || !p.models.contains(model)) {
                continue;
            }
            if (owner == null && owns(p, model)) {
                owner = p;
            }
            List<SearchField> declared;
            try {
                declared = p.fields(model);
            } catch (RuntimeException e) {
                LOG.warn("Search: {} failed to list its fields of {}: {}", p, model, e.toString());
                continue;
            }
            Map<String, String> gone = departed.get(model);
            for (SearchField f : declared) {
                if (!ModelIndex.CREATED_AT.equals(f.name)) {
                    fields.putIfAbsent(f.name, new Decl(f, p));
                }
                if (gone != null) {
                    gone.remove(f.name);
                }
            }
        }
        Map<String, Decl> all = new LinkedHashMap<>();
        all.put(ModelIndex.CREATED_AT, new Decl(new SearchField(ModelIndex.CREATED_AT, FieldType.INSTANT, "When the " + model + " was created"), owner));
        all.putAll(fields);
        schemas.put(model, new CachedSchema(now, all));
        return all;
    }

    private Schema schema(String model) {
        return new Schema() {
            @Override
            public FieldType type(String field) {
                Decl d = declarations(model, false).get(field);
                if (d == null) {
                    d = declarations(model, true).get(field);
                }
                return d == null ? null : d.field.type;
            }

            @Override
            public String unavailable(String field) {
                return why(model, field);
            }
        };
    }

    /** Why {@code field} is not searchable on {@code model}: what a 400 on it says. */
    String why(String model, String field) {
        for (Provider p : providers) {
            if (p.gone || !p.models.contains(model)) {
                continue;
            }
            try {
                io.rapport.platform.search.SearchFieldProvider s = p.service();
                String reason = s == null ? null : s.unavailable(model, field);
                if (reason != null) {
                    return "'" + field + "' is not searchable now: " + reason;
                }
            } catch (RuntimeException e) {
                LOG.warn("Search: {} failed to say why {} is unavailable: {}", p, field, e.toString());
            }
        }
        String bundle = departed.getOrDefault(model, Map.of()).get(field);
        if (bundle == null) {
            bundle = (Models.PERSON.equals(model) ? WELL_KNOWN_PERSON : WELL_KNOWN_COMPANY).get(field);
        }
        if (bundle == null) {
            for (Map.Entry<String, String> e : WELL_KNOWN_PREFIXES.entrySet()) {
                if (field.startsWith(e.getKey())) {
                    bundle = e.getValue();
                }
            }
        }
        if (bundle != null && !running(bundle, model)) {
            return "the field '" + field + "' is provided by " + bundle + ", which is not running";
        }
        Set<String> names = new TreeSet<>(declarations(model, true).keySet());
        String list = names.size() > 60 ? String.join(", ", new ArrayList<>(names).subList(0, 60)) + ", ..." : String.join(", ", names);
        return "unknown field '" + field + "'; the searchable fields of " + model + " are " + list;
    }

    private boolean running(String bundle, String model) {
        for (Provider p : providers) {
            if (!p.gone && p.bundle.equals(bundle) && p.models.contains(model)) {
                return true;
            }
        }
        return false;
    }

    /** Waits (up to the configured time, or not at all) until no provider the query depends on is loading; 503 otherwise. */
    private void awaitLoaded(String model, Set<String> fields, boolean wait) {
        if (busy(model, fields, new String[1]) == null) {
            return; // the usual case: no lock taken
        }
        long deadline = System.currentTimeMillis() + (wait ? loadingWaitMs : 0);
        synchronized (loadMonitor) {
            while (true) {
                String[] field = new String[1];
                Provider busy = busy(model, fields, field);
                if (busy == null) {
                    return;
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    String what = field[0] != null ? "'" + field[0] + "' (from " + busy.bundle + ")" : "the " + model + " subjects (from " + busy.bundle + ")";
                    throw new UnavailableException("The search index is loading " + what + ": "
                            + busy.loadedCount + " values so far" + (busy.failure != null ? "; the last attempt failed: " + busy.failure : "")
                            + ". Retry in a few seconds.");
                }
                try {
                    loadMonitor.wait(Math.min(left, 200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UnavailableException("Interrupted while the search index loads.");
                }
            }
        }
    }

    private Provider busy(String model, Set<String> fields, String[] fieldOut) {
        Map<String, Decl> decls = declarations(model, false);
        for (String f : fields) {
            Decl d = decls.get(f);
            if (d != null && d.provider != null && loading(d.provider)) {
                fieldOut[0] = f;
                return d.provider;
            }
        }
        boolean ownerKnown = false;
        for (Provider p : providers) {
            if (!p.gone && p.models.contains(model) && owns(p, model)) {
                ownerKnown = true;
                if (loading(p)) {
                    return p;
                }
            }
        }
        if (!ownerKnown) {
            for (Provider p : providers) {
                if (!p.gone && p.models.contains(model) && loading(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Whether the provider announces the model's subjects: the SPI's owning bundle, or one that did. */
    private static boolean owns(Provider p, String model) {
        return p.ownsSubjects.contains(model) || p.bundle.equals(OWNERS.get(model));
    }

    private static boolean loading(Provider p) {
        synchronized (p) {
            return p.loading && !p.gone;
        }
    }

    // ---- SearchService ----------------------------------------------------------------------------

    @Override
    public SearchPage search(String model, Map<String, Object> body) {
        Models.check(model, "model");
        QueryParser.Request r = QueryParser.body(body, schema(model));
        Set<String> used = new LinkedHashSet<>(r.fields);
        if (r.sortField != null) {
            used.add(r.sortField);
        }
        used.addAll(r.shown);
        awaitLoaded(model, used, true);
        return index.read(model, ix -> {
            BitSet hits = r.query == null ? (BitSet) ix.alive.clone() : r.query.eval(ix);
            Pager pager = new Pager(ix, r.sortField, r.descending);
            Pager.Key after = pager.decode(r.cursor);
            long total = hits.cardinality();
            Pager.Result page = pager.page(hits, total, after, r.limit);
            Map<String, Map<String, Object>> values = new LinkedHashMap<>();
            if (!r.shown.isEmpty()) {
                for (String id : page.ids) {
                    int ord = ix.live(id);
                    Map<String, Object> v = new LinkedHashMap<>();
                    for (String field : r.shown) {
                        Column c = ix.columnOf(field);
                        v.put(field, c == null || ord < 0 ? null : c.shown(ord));
                    }
                    values.put(id, v);
                }
            }
            return new SearchPage(page.ids, page.nextCursor, total, values);
        });
    }

    @Override
    public Query compile(String model, Object query) {
        Models.check(model, "model");
        Set<String> fields = new LinkedHashSet<>();
        QueryParser.query(query, schema(model), "query", fields);
        return new CompiledQuery(model, query, fields);
    }

    /** Plans a kept query (again only when the fields changed since its last plan) and waits for its fields to load. */
    private QueryNode plan(Query query, boolean wait) {
        Map<String, Decl> declarations = declarations(query.model(), false);
        CompiledQuery.Plan plan = query instanceof CompiledQuery ? ((CompiledQuery) query).plan : null;
        if (plan == null || plan.declarations != declarations) {
            Set<String> fields = new LinkedHashSet<>();
            QueryNode node = QueryParser.query(query.json(), schema(query.model()), "query", fields);
            plan = new CompiledQuery.Plan(declarations, node, fields);
            if (query instanceof CompiledQuery) {
                ((CompiledQuery) query).plan = plan;
            }
        }
        awaitLoaded(query.model(), plan.fields, wait);
        return plan.node;
    }

    @Override
    public List<String> ids(Query query) {
        QueryNode node = plan(query, true);
        return index.read(query.model(), ix -> {
            BitSet hits = node == null ? (BitSet) ix.alive.clone() : node.eval(ix);
            ModelIndex.CreationOrder order = ix.creationOrder();
            List<String> ids = new ArrayList<>(hits.cardinality());
            for (int i = order.size - 1; i >= 0; i--) {
                int o = order.ordinals[i];
                if (o >= 0 && hits.get(o)) {
                    ids.add(ix.ids[o]);
                }
            }
            return ids;
        });
    }

    @Override
    public long count(Query query) {
        QueryNode node = plan(query, true);
        return index.read(query.model(), ix -> node == null ? (long) ix.count() : (long) node.eval(ix).cardinality());
    }

    @Override
    public boolean matches(Query query, String subjectId) {
        QueryNode node = plan(query, false);
        return index.read(query.model(), ix -> {
            int o = ix.live(subjectId);
            return o >= 0 && (node == null || node.test(ix, o));
        });
    }

    @Override
    public List<SearchField> fields(String model) {
        Models.check(model, "model");
        List<SearchField> result = new ArrayList<>();
        declarations(model, true).values().forEach(d -> result.add(d.field));
        return result;
    }

    /** The fields of a model as {@code GET /api/v1/search/fields} shows them. */
    List<Map<String, Object>> describe(String model) {
        Models.check(model, "model");
        List<Map<String, Object>> result = new ArrayList<>();
        for (Decl d : declarations(model, true).values()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", d.field.name);
            f.put("type", d.field.type.name());
            f.put("description", d.field.description);
            f.put("provider", d.bundle());
            f.put("operators", Op.list(Op.allowed(d.field.type)).split(", "));
            f.put("sortable", d.field.type != FieldType.TEXT_LIST);
            f.put("state", d.provider != null && loading(d.provider) ? "loading" : "ready");
            result.add(f);
        }
        return result;
    }
}
