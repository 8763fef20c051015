package io.rapport.attributes.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.LockModeType;
import javax.persistence.OptimisticLockException;
import javax.persistence.TypedQuery;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jpa.EntityManagerFactoryBuilder;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.errors.NotFoundException;
import io.rapport.platform.errors.ConflictException;
import io.rapport.platform.errors.StaleVersionException;
import io.rapport.platform.errors.FailedException;
import io.rapport.attributes.api.AttributeDefinition;
import io.rapport.attributes.api.AttributeDefinitionData;
import io.rapport.attributes.api.AttributeTypeInfo;
import io.rapport.attributes.api.AttributesEvents;
import io.rapport.attributes.api.AttributeValues;
import io.rapport.attributes.api.AttributesService;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;
import io.rapport.persistence.api.Change;
import io.rapport.persistence.api.ChangeLog;
import io.rapport.persistence.api.Database;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.persistence.api.OwnsPersistenceUnit;
import io.rapport.platform.api.ChangeEvents;
import io.rapport.platform.api.Cursor;
import io.rapport.platform.api.FieldError;
import io.rapport.platform.api.Ids;
import io.rapport.platform.api.MergePatch;
import io.rapport.platform.api.MonotonicClock;
import io.rapport.platform.api.Page;
import io.rapport.platform.api.PluginCallException;
import io.rapport.platform.api.PluginGuard;
import io.rapport.platform.api.PluginGuard.PluginCall;
import io.rapport.platform.api.PluginStatus;
import io.rapport.platform.errors.DomainException;

@OwnsPersistenceUnit
/**
 * The attributes service: the registry of attribute types (built-in and plugged in, called through the
 * plugin guard), the definitions per profile kind, and the values of each profile, checked by their type.
 * Three jobs in one class for now; they are the seams along which it is to be split (see
 * docs/architecture.md).
 */
@Component(service = AttributesService.class, configurationPid = AttributesConfig.PID)
@Designate(ocd = AttributesConfig.class)
public class AttributesServiceImpl implements AttributesService {
    private static final Logger LOG = LoggerFactory.getLogger(AttributesServiceImpl.class);
    static final String FIELD = "attributes";
    /** The built-in types whose values are their options: removing options in use is checked value by value. */
    private static final List<String> LIST_TYPES = List.of("list", "multi-list");

    private final JpaUnit jpa;
    private final ChangeLog changeLog;
    private final PluginGuard guard;
    private final long ownBundleId;
    private volatile Duration pluginTimeout;
    private final List<RegisteredType> types = new CopyOnWriteArrayList<>();
    /** Counts committed definition changes, so that the search fields know when to read definitions again. */
    private final AtomicLong definitionsChanged = new AtomicLong();

    @Activate
    public AttributesServiceImpl(BundleContext context, AttributesConfig config, @Reference Database database,
            @Reference(target = "(osgi.unit.name=io.rapport.attributes)") EntityManagerFactoryBuilder unit,
            @Reference ChangeLog changeLog, @Reference PluginGuard guard) {
        this.ownBundleId = context.getBundle().getBundleId();
        this.guard = guard;
        configure(config);
        this.jpa = database.open(unit);
        this.changeLog = changeLog;
    }

    @Modified
    void configure(AttributesConfig config) {
        pluginTimeout = Duration.ofMillis(Math.max(1, config.plugin_timeout_ms()));
    }

    @Deactivate
    void close() {
        jpa.close();
    }

    // Types come and go with their plugins; greedy so that a higher-ranked type replaces one in use.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addType(ServiceReference<AttributeType> ref, AttributeType type) {
        Bundle bundle = ref.getBundle();
        if (bundle == null) {
            return; // unregistered meanwhile
        }
        Bundle plugin = bundle.getBundleId() == ownBundleId ? null : bundle;
        RegisteredType read;
        try {
            // asked once, here: requests use the answers without calling the plugin again
            read = call(plugin, "AttributeType.name", () -> new RegisteredType(type.name(), type.label(), type.storage(),
                    type.usesOptions(), ref, type, plugin));
        } catch (RuntimeException e) { // the guard has marked the plugin
            LOG.warn("Ignoring the attribute type {} of {}: describing itself failed", type, bundle.getSymbolicName(), e);
            return;
        }
        String problem = read.name == null || read.name.isBlank() || read.name.length() > 100
                ? "its name '" + read.name + "' is blank or longer than 100 characters"
                : read.storage == null ? "its storage() is null" : null;
        if (problem != null) {
            LOG.warn("Ignoring the attribute type {} of {}: {}", type, bundle.getSymbolicName(), problem);
            if (plugin != null) {
                guard.report(plugin, PluginStatus.State.FAILED, "the attribute type " + type.getClass().getName() + " is ignored: " + problem);
            }
            return;
        }
        types.add(read.label == null || read.label.isBlank()
                ? new RegisteredType(read.name, read.name, read.storage, read.usesOptions, ref, type, plugin) : read);
    }

    void removeType(ServiceReference<AttributeType> ref) {
        types.removeIf(r -> r.ref.equals(ref));
    }

    /** The installed type of this name (the highest-ranked one), or null. */
    RegisteredType type(String name) {
        RegisteredType best = null;
        for (RegisteredType r : types) {
            if (r.name.equals(name) && (best == null || r.ref.compareTo(best.ref) > 0)) {
                best = r;
            }
        }
        return best;
    }

    private List<String> typeNames() {
        return types.stream().map(r -> r.name).distinct().sorted().collect(Collectors.toList());
    }

    @Override
    public List<AttributeTypeInfo> types() {
        List<AttributeTypeInfo> result = new ArrayList<>();
        for (String name : typeNames()) {
            RegisteredType t = type(name);
            if (t != null) {
                result.add(new AttributeTypeInfo(name, t.label, t.storage.name().toLowerCase(Locale.ROOT), t.usesOptions));
            }
        }
        return result;
    }

    /** A call into a type: our own directly, a plugin's through the guard (time limit, failures contained). */
    private <T, E extends Exception> T call(Bundle plugin, String operation, PluginCall<T, E> call) throws E {
        return plugin == null ? call.call() : guard.call(plugin, operation, pluginTimeout, call);
    }

    /** A type broke its contract (not the client's fault): a plugin is marked FAILED and answered 502, our own is a 500. */
    private DomainException breach(RegisteredType t, String operation, String what) {
        if (t.plugin == null) {
            return new FailedException("Attribute type failed", "The attribute type '" + t.name + "' " + what + ".");
        }
        String message = operation + " of the attribute type '" + t.name + "' " + what;
        guard.report(t.plugin, PluginStatus.State.FAILED, message);
        LOG.error("Plugin {}: {}", t.owner(), message);
        return new PluginCallException(502, t.owner(), "The plugin " + t.owner() + " failed: " + message + ".");
    }

    /** The type's own check of a definition's options, as a 400 on {@code options}. */
    private void checkOptions(RegisteredType t, List<String> options) {
        if (t == null || !t.usesOptions || options.isEmpty()) {
            return;
        }
        try {
            call(t.plugin, "AttributeType.checkOptions", () -> {
                t.type.checkOptions(List.copyOf(options));
                return null;
            });
        } catch (InvalidValueException e) {
            throw new InvalidException("options", e.getMessage() == null ? "do not fit the type '" + t.name + "'" : e.getMessage());
        }
    }

    /** A definition as answered: with whether its type is installed now. */
    private AttributeDefinition available(AttributeDefinition d) {
        d.typeAvailable = type(d.type) != null;
        return d;
    }

    // ---- definitions

    @Override
    public AttributeDefinition define(AttributeDefinitionData data, String actor) {
        RegisteredType type = data.type == null ? null : type(data.type);
        AttributeDefinitionData d = AttributeJson.normalise(data, type, true, typeNames());
        checkOptions(type, d.options);
        AttributeDefinition created = JpaUnit.write("attribute", null, () -> new ConflictException("key", "An attribute '" + d.key + "' was defined for " + d.model + " at the same moment."),
                () -> jpa.inTransaction(em -> {
                    if (findEntity(em, d.model, d.key, false) != null) {
                        throw new ConflictException("key", "An attribute '" + d.key + "' is already defined for " + d.model
                                + "s; keys are unique per model.");
                    }
                    DefinitionEntity e = new DefinitionEntity();
                    e.id = Ids.newId("atd");
                    e.createdAt = e.updatedAt = MonotonicClock.nowMicros();
                    e.model = d.model;
                    e.key = d.key;
                    apply(e, d);
                    em.persist(e);
                    replaceOptions(em, e.id, d.options);
                    em.flush();
                    AttributeDefinition def = toDefinition(e, d.options);
                    recordDefinition(em, AttributesEvents.DEFINITION_CREATED, def, null, null, actor);
                    return def;
                }));
        changeLog.committed();
        definitionsChanged.incrementAndGet();
        return available(created);
    }

    @Override
    public Optional<AttributeDefinition> definition(String model, String key) {
        AttributeJson.checkModel(model, "model");
        return Optional.ofNullable(jpa.read(em -> {
            DefinitionEntity e = findEntity(em, model, key, false);
            return e == null ? null : toDefinition(e, optionsOf(em, List.of(e.id)).getOrDefault(e.id, List.of()));
        })).map(this::available);
    }

    @Override
    public Page<AttributeDefinition> definitions(String model, String cursor, int limit) {
        if (model != null) {
            AttributeJson.checkModel(model, "model");
        }
        Cursor after = Cursor.decode(cursor);
        return jpa.read(em -> {
            StringBuilder jpql = new StringBuilder("SELECT d FROM DefinitionEntity d");
            Map<String, Object> params = new HashMap<>();
            List<String> where = new ArrayList<>();
            if (model != null) {
                where.add("d.model = :model");
                params.put("model", model);
            }
            if (after != null) {
                where.add("(d.createdAt < :t OR (d.createdAt = :t AND d.id < :id))");
                params.put("t", after.time);
                params.put("id", after.id);
            }
            if (!where.isEmpty()) {
                jpql.append(" WHERE ").append(String.join(" AND ", where));
            }
            jpql.append(" ORDER BY d.createdAt DESC, d.id DESC");
            TypedQuery<DefinitionEntity> q = em.createQuery(jpql.toString(), DefinitionEntity.class);
            params.forEach(q::setParameter);
            List<DefinitionEntity> rows = q.setMaxResults(limit + 1).getResultList();
            List<DefinitionEntity> page = rows.subList(0, Math.min(limit, rows.size()));
            Map<String, List<String>> options = optionsOf(em, page.stream().map(e -> e.id).collect(Collectors.toList()));
            List<AttributeDefinition> data = new ArrayList<>();
            for (DefinitionEntity e : page) {
                data.add(available(toDefinition(e, options.getOrDefault(e.id, List.of()))));
            }
            String next = null;
            if (rows.size() > limit) {
                DefinitionEntity last = rows.get(limit - 1);
                next = new Cursor(last.createdAt, last.id).encode();
            }
            return new Page<>(data, next);
        });
    }

    @Override
    public AttributeDefinition patch(String model, String key, Map<String, Object> mergePatch, Long expectedVersion, String actor) {
        AttributeJson.checkModel(model, "model");
        AttributeJson.checkPatchFields(mergePatch);
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        AttributeDefinition updated = JpaUnit.write("attribute", expectedVersion, null, () -> jpa.inTransaction(em -> {
            changes.clear(); // from an attempt that lost a race
            DefinitionEntity e = lockedEntity(em, model, key, expectedVersion);
            List<String> oldOptions = optionsOf(em, List.of(e.id)).getOrDefault(e.id, List.of());
            AttributeDefinition before = toDefinition(e, oldOptions);
            AttributeDefinitionData read = AttributeJson.read(MergePatch.apply(AttributeJson.writable(before), mergePatch));
            boolean typeChanges = !Objects.equals(read.type, before.type);
            RegisteredType type = read.type == null ? null : type(read.type);
            AttributeDefinitionData d = AttributeJson.normalise(read, type, typeChanges, typeNames());
            diff(changes, "label", before.label, d.label);
            diff(changes, "description", before.description, d.description);
            diff(changes, "type", before.type, d.type);
            diff(changes, "options", oldOptions, d.options);
            diff(changes, "archived", before.archived, d.archived);
            if (changes.isEmpty()) {
                return before;
            }
            if (typeChanges || changes.containsKey("options")) {
                checkOptions(type, d.options);
            }
            if (typeChanges) {
                long values = countValues(em, model, key);
                if (values > 0) {
                    throw new ConflictException("type", "The type of '" + key + "' cannot change from '" + before.type + "' to '"
                            + d.type + "': " + values + (values == 1 ? " profile has a value" : " profiles have values")
                            + " of it. Define a new attribute instead, or delete this one with its values.");
                }
            } else if (changes.containsKey("options")) {
                if (LIST_TYPES.contains(d.type)) {
                    checkRemovedOptionsUnused(em, model, key, oldOptions, d.options);
                } else {
                    checkOptionsUnused(em, model, key, d.type);
                }
            }
            apply(e, d);
            if (changes.containsKey("options")) {
                replaceOptions(em, e.id, d.options);
            }
            e.updatedAt = MonotonicClock.nowMicros();
            em.flush();
            AttributeDefinition after = toDefinition(e, d.options);
            recordDefinition(em, AttributesEvents.DEFINITION_UPDATED, after, changes, null, actor);
            return after;
        }));
        changeLog.committed();
        definitionsChanged.incrementAndGet();
        return available(updated);
    }

    private static void checkRemovedOptionsUnused(EntityManager em, String model, String key, List<String> before, List<String> after) {
        List<String> removed = new ArrayList<>(before);
        removed.removeAll(after);
        if (removed.isEmpty()) {
            return;
        }
        List<Object[]> used = em.createQuery("SELECT v.textValue, COUNT(v) FROM ValueEntity v WHERE v.model = :m AND v.attrKey = :k "
                + "AND v.textValue IN :removed GROUP BY v.textValue ORDER BY v.textValue", Object[].class)
                .setParameter("m", model).setParameter("k", key).setParameter("removed", removed).getResultList();
        if (used.isEmpty()) {
            return;
        }
        String inUse = used.stream().map(r -> "'" + r[0] + "' (" + r[1] + (((Number) r[1]).longValue() == 1 ? " value)" : " values)"))
                .collect(Collectors.joining(", "));
        throw new ConflictException("options", "Options still in use cannot be removed: " + inUse
                + ". Set those values to another option (or remove them) first.");
    }

    /** Other types' options configure them (a currency, a default region): they must not change under existing values. */
    private static void checkOptionsUnused(EntityManager em, String model, String key, String type) {
        long values = countValues(em, model, key);
        if (values > 0) {
            throw new ConflictException("options", "The options of '" + key + "' configure its type '" + type + "' and cannot change while "
                    + values + (values == 1 ? " profile has a value" : " profiles have values") + " of it. Define a new attribute "
                    + "instead, or delete this one with its values.");
        }
    }

    @Override
    public long delete(String model, String key, Long expectedVersion, String actor) {
        AttributeJson.checkModel(model, "model");
        long deleted = JpaUnit.write("attribute", expectedVersion, null, () -> jpa.inTransaction(em -> {
            DefinitionEntity e = lockedEntity(em, model, key, expectedVersion);
            AttributeDefinition def = toDefinition(e, optionsOf(em, List.of(e.id)).getOrDefault(e.id, List.of()));
            long values = countValues(em, model, key);
            keepDroppedForSearch(em, model, key);
            em.createQuery("DELETE FROM ValueEntity v WHERE v.model = :m AND v.attrKey = :k")
                    .setParameter("m", model).setParameter("k", key).executeUpdate();
            em.createQuery("DELETE FROM OptionEntity o WHERE o.definitionId = :id").setParameter("id", e.id).executeUpdate();
            em.remove(e);
            recordDefinition(em, AttributesEvents.DEFINITION_DELETED, def, null, values, actor);
            return values;
        }));
        changeLog.committed();
        definitionsChanged.incrementAndGet();
        return deleted;
    }

    /** How long the profiles a definition deletion took values from are kept for the search index. */
    static final long DROPPED_KEPT_MICROS = 24L * 3600 * 1_000_000;

    /** Keeps which profiles had a value of a definition being deleted, for the search index; forgets those older than a day. */
    private static void keepDroppedForSearch(EntityManager em, String model, String key) {
        long now = MonotonicClock.nowMicros();
        em.createNativeQuery("DELETE FROM ATTRIBUTES_SEARCH_DROPPED WHERE CREATED_AT < ?").setParameter(1, now - DROPPED_KEPT_MICROS)
                .executeUpdate();
        // a key deleted again within the day (defined anew meanwhile) may have rows already
        em.createNativeQuery("INSERT INTO ATTRIBUTES_SEARCH_DROPPED (MODEL, ATTR_KEY, SUBJECT_ID, CREATED_AT) "
                + "SELECT v.MODEL, v.ATTR_KEY, v.SUBJECT_ID, ? FROM ATTRIBUTES_VALUE v WHERE v.MODEL = ? AND v.ATTR_KEY = ? AND v.ITEM = 0 "
                + "AND NOT EXISTS (SELECT 1 FROM ATTRIBUTES_SEARCH_DROPPED d WHERE d.MODEL = v.MODEL AND d.ATTR_KEY = v.ATTR_KEY "
                + "AND d.SUBJECT_ID = v.SUBJECT_ID)").setParameter(1, now).setParameter(2, model).setParameter(3, key).executeUpdate();
    }

    // ---- for the other components of this bundle

    JpaUnit jpa() {
        return jpa;
    }

    /** Changes each time a definition change is committed. */
    long definitionsVersion() {
        return definitionsChanged.get();
    }

    private static DefinitionEntity findEntity(EntityManager em, String model, String key, boolean lock) {
        TypedQuery<DefinitionEntity> q = em.createQuery("SELECT d FROM DefinitionEntity d WHERE d.model = :m AND d.key = :k",
                DefinitionEntity.class).setParameter("m", model).setParameter("k", key);
        if (lock) {
            q.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        List<DefinitionEntity> found = q.getResultList();
        return found.isEmpty() ? null : found.get(0);
    }

    /** Reads a definition for a write, locked so that value writes and other changes of it queue behind. */
    private static DefinitionEntity lockedEntity(EntityManager em, String model, String key, Long expectedVersion) {
        DefinitionEntity e = findEntity(em, model, key, true);
        if (e == null) {
            throw notFound(model, key);
        }
        if (expectedVersion != null && expectedVersion != e.version) {
            throw new StaleVersionException("attribute", model + "/" + key, e.version);
        }
        return e;
    }

    static DomainException notFound(String model, String key) {
        return new NotFoundException("No attribute '" + key + "' is defined for " + model
                + "s; GET /api/v1/attributes?model=" + model + " lists them.");
    }

    private static long countValues(EntityManager em, String model, String key) {
        return em.createQuery("SELECT COUNT(v) FROM ValueEntity v WHERE v.model = :m AND v.attrKey = :k AND v.item = 0", Long.class)
                .setParameter("m", model).setParameter("k", key).getSingleResult();
    }

    private static void apply(DefinitionEntity e, AttributeDefinitionData d) {
        e.label = d.label;
        e.description = d.description;
        e.type = d.type;
        e.archived = d.archived;
    }

    private static void replaceOptions(EntityManager em, String definitionId, List<String> options) {
        em.createQuery("DELETE FROM OptionEntity o WHERE o.definitionId = :id").setParameter("id", definitionId).executeUpdate();
        for (int i = 0; i < options.size(); i++) {
            em.persist(new OptionEntity(definitionId, i, options.get(i)));
        }
    }

    /** The options of these definitions, each list in order, in one query (scalar rows: nothing stays managed). */
    private static Map<String, List<String>> optionsOf(EntityManager em, Collection<String> definitionIds) {
        Map<String, List<String>> result = new HashMap<>();
        if (definitionIds.isEmpty()) {
            return result;
        }
        List<Object[]> rows = em.createQuery("SELECT o.definitionId, o.value FROM OptionEntity o WHERE o.definitionId IN :ids "
                + "ORDER BY o.definitionId, o.position", Object[].class).setParameter("ids", definitionIds).getResultList();
        for (Object[] row : rows) {
            result.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((String) row[1]);
        }
        return result;
    }

    /** Every definition of a model, for profile reads, and when they were read. */
    private static final class CachedViews {
        final long generation;
        final long readAt;
        final Map<String, DefinitionView> byKey;

        CachedViews(long generation, long readAt, Map<String, DefinitionView> byKey) {
            this.generation = generation;
            this.readAt = readAt;
            this.byKey = byKey;
        }
    }

    /** How long profile reads may use definitions read before: changes made by another runtime on the same database show within this time. */
    private static final long VIEWS_FRESH_NANOS = 1_000_000_000L;
    private final Map<String, CachedViews> viewsByModel = new ConcurrentHashMap<>();

    /**
     * Every definition of {@code model} by key, for profile reads (every GET of a profile): kept in memory
     * and read again after a definition changes here, or after a second (changes of other runtimes).
     */
    private Map<String, DefinitionView> cachedViews(EntityManager em, String model) {
        long generation = definitionsChanged.get();
        CachedViews cached = viewsByModel.get(model);
        if (cached != null && cached.generation == generation && System.nanoTime() - cached.readAt < VIEWS_FRESH_NANOS) {
            return cached.byKey;
        }
        long readAt = System.nanoTime();
        Map<String, DefinitionView> byKey = Map.copyOf(views(em, em.createQuery("SELECT d FROM DefinitionEntity d WHERE d.model = :m",
                DefinitionEntity.class).setParameter("m", model).getResultList()));
        viewsByModel.put(model, new CachedViews(generation, readAt, byKey));
        return byKey;
    }

    /** The definitions of a model with these keys, by key, with their options. */
    private static Map<String, DefinitionView> views(EntityManager em, String model, Collection<String> keys) {
        return views(em, entities(em, model, keys));
    }

    private static List<DefinitionEntity> entities(EntityManager em, String model, Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return em.createQuery("SELECT d FROM DefinitionEntity d WHERE d.model = :m AND d.key IN :keys", DefinitionEntity.class)
                .setParameter("m", model).setParameter("keys", keys).getResultList();
    }

    private static Map<String, DefinitionView> views(EntityManager em, List<DefinitionEntity> entities) {
        Map<String, DefinitionView> result = new HashMap<>();
        Map<String, List<String>> options = optionsOf(em, entities.stream().map(e -> e.id).collect(Collectors.toList()));
        for (DefinitionEntity e : entities) {
            result.put(e.key, new DefinitionView(e, options.getOrDefault(e.id, List.of())));
        }
        return result;
    }

    static AttributeDefinition toDefinition(DefinitionEntity e, List<String> options) {
        AttributeDefinition d = new AttributeDefinition();
        d.key = e.key;
        d.model = e.model;
        d.label = e.label;
        d.description = e.description;
        d.type = e.type;
        d.options = options.isEmpty() ? null : List.copyOf(options);
        d.archived = e.archived;
        d.createdAt = MonotonicClock.toInstant(e.createdAt);
        d.updatedAt = MonotonicClock.toInstant(e.updatedAt);
        return d.version(e.version);
    }

    private void recordDefinition(EntityManager em, String topic, AttributeDefinition d, Map<String, Map<String, Object>> changes,
            Long valuesDeleted, String actor) {
        Map<String, Object> data = new HashMap<>();
        data.put("model", d.model);
        data.put("key", d.key);
        data.put("label", d.label);
        data.put(ChangeEvents.ENTITY, AttributeJson.write(d));
        if (changes != null) {
            data.put(ChangeEvents.CHANGES, changes);
        }
        if (valuesDeleted != null) {
            data.put("values_deleted", valuesDeleted);
        }
        // Not about one profile: no model or subject on the change itself.
        changeLog.record(em, Change.of(topic, null, null, data, actor));
    }

    private static void diff(Map<String, Map<String, Object>> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            Map<String, Object> c = new HashMap<>();
            c.put("old", before);
            c.put("new", after);
            changes.put(field, c);
        }
    }

    // ---- values

    @Override
    public Map<String, Object> values(String model, String subjectId) {
        return valuesAndStatus(model, subjectId).values;
    }

    @Override
    public AttributeValues valuesAndStatus(String model, String subjectId) {
        Map<String, List<ValueRow>> rows = new TreeMap<>();
        Map<String, DefinitionView> defs = new HashMap<>();
        // plain JDBC: this runs for every profile read, and a JPQL query costs twice the database's work
        jpa.inTransaction(em -> {
            rows.putAll(new ValuesJdbc(em, model).rowsOf(List.of(subjectId)).getOrDefault(subjectId, Map.of()));
            if (!rows.isEmpty()) {
                defs.putAll(cachedViews(em, model));
            }
            return null;
        });
        // formatted outside the transaction: a slow plugin must not keep a connection
        Map<String, Object> values = new TreeMap<>();
        Map<String, String> status = new TreeMap<>();
        Set<Long> notAnswering = new HashSet<>();
        for (Map.Entry<String, List<ValueRow>> e : rows.entrySet()) {
            DefinitionView def = defs.get(e.getKey());
            if (def != null) { // a definition deleted at this moment: its values are going too
                show(def, e.getValue(), values, status, notAnswering);
            }
        }
        return new AttributeValues(values, status);
    }

    @Override
    public void checkValues(String model, String subjectId, Map<String, Object> values) {
        // parsed outside the read: a slow plugin must not keep a connection
        parseAll(model, values, jpa.read(em -> views(em, model, values.keySet())));
    }

    @Override
    public Map<String, Map<String, Object>> setValues(String model, String subjectId, Map<String, Object> values, String actor) {
        AttributeJson.checkModel(model, "model");
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        if (values.isEmpty()) {
            return changes;
        }
        JpaUnit.write("attribute", null, null, () -> jpa.inTransaction(em -> {
            changes.clear(); // from an attempt that lost a race
            Map<String, DefinitionEntity> entities = new HashMap<>();
            List<DefinitionEntity> found = entities(em, model, values.keySet());
            found.forEach(e -> entities.put(e.key, e));
            Map<String, DefinitionView> defs = views(em, found);
            Map<String, Parsed> parsed = parseAll(model, values, defs);
            Map<String, List<ValueRow>> old = rowsOf(em, model, subjectId, values.keySet());
            long now = MonotonicClock.nowMicros();
            for (Map.Entry<String, Parsed> p : parsed.entrySet()) {
                String key = p.getKey();
                DefinitionView def = defs.get(key);
                List<ValueRow> oldRows = old.get(key);
                Stored oldStored = oldRows == null ? null : stored(oldRows);
                Stored newStored = p.getValue() == null ? null : p.getValue().stored;
                if (oldRows == null && newStored == null || oldStored != null && oldStored.equals(newStored)) {
                    continue;
                }
                em.createQuery("DELETE FROM ValueEntity v WHERE v.model = :m AND v.subjectId = :s AND v.attrKey = :k")
                        .setParameter("m", model).setParameter("s", subjectId).setParameter("k", key).executeUpdate();
                if (newStored != null) {
                    insert(em, model, subjectId, key, newStored, p.getValue().raw, now);
                }
                Object oldValue = oldRows == null ? null : RawJson.read(oldRows.get(0).raw);
                Object newValue = newStored == null ? null : RawJson.read(p.getValue().raw);
                Map<String, Object> c = new HashMap<>();
                c.put("old", oldValue);
                c.put("new", newValue);
                changes.put(FIELD + "." + key, c);
                Map<String, Object> data = new HashMap<>();
                data.put("key", key);
                data.put("label", def.label());
                data.put("old", oldValue);
                data.put("new", newValue);
                changeLog.record(em, Change.of(AttributesEvents.SET, model, subjectId, data, actor));
            }
            if (!changes.isEmpty()) {
                // A definition changed meanwhile (type, options, archived) fails this commit; the retry sees the change.
                for (String key : parsed.keySet()) {
                    em.lock(entities.get(key), LockModeType.OPTIMISTIC);
                }
            }
            return null;
        }));
        if (!changes.isEmpty()) {
            changeLog.committed();
        }
        return changes;
    }

    @Override
    public long deleteValues(String model, String subjectId) {
        long deleted = jpa.inTransaction(em -> {
            long values = em.createQuery("SELECT COUNT(v) FROM ValueEntity v WHERE v.model = :m AND v.subjectId = :s AND v.item = 0",
                    Long.class).setParameter("m", model).setParameter("s", subjectId).getSingleResult();
            if (values > 0) {
                em.createQuery("DELETE FROM ValueEntity v WHERE v.model = :m AND v.subjectId = :s")
                        .setParameter("m", model).setParameter("s", subjectId).executeUpdate();
            }
            return values;
        });
        return deleted;
    }

    @Override
    public List<DomainException> checkValuesBatch(String model, List<Map<String, Object>> values) {
        AttributeJson.checkModel(model, "model");
        Set<String> keys = new HashSet<>();
        values.forEach(v -> keys.addAll(v.keySet()));
        Map<String, DefinitionView> defs = keys.isEmpty() ? Map.of() : jpa.read(em -> views(em, model, keys));
        List<DomainException> problems = new ArrayList<>(values.size());
        for (Map<String, Object> v : values) {
            try {
                parseAll(model, v, defs);
                problems.add(null);
            } catch (DomainException e) {
                problems.add(e);
            }
        }
        return problems;
    }

    @Override
    public ValuesBatch setValuesBatch(String model, Map<String, Map<String, Object>> valuesBySubject, String actor) {
        AttributeJson.checkModel(model, "model");
        Map<String, Map<String, Map<String, Object>>> changes = new LinkedHashMap<>();
        Map<String, DomainException> failed = new LinkedHashMap<>();
        Set<String> keys = new HashSet<>();
        valuesBySubject.values().forEach(v -> keys.addAll(v.keySet()));
        if (keys.isEmpty()) {
            return new ValuesBatch(changes, failed);
        }
        JpaUnit.write("attribute", null, null, () -> jpa.inTransaction(em -> {
            changes.clear(); // from an attempt that lost a race
            failed.clear();
            Map<String, DefinitionEntity> entities = new HashMap<>();
            List<DefinitionEntity> found = entities(em, model, keys);
            found.forEach(e -> entities.put(e.key, e));
            Map<String, DefinitionView> defs = views(em, found);
            Map<String, Map<String, Parsed>> parsed = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Object>> s : valuesBySubject.entrySet()) {
                try {
                    parsed.put(s.getKey(), parseAll(model, s.getValue(), defs));
                } catch (DomainException e) {
                    failed.put(s.getKey(), e);
                }
            }
            ValuesJdbc jdbc = new ValuesJdbc(em, model);
            Map<String, Map<String, List<ValueRow>>> old = jdbc.rowsOf(parsed.keySet());
            long now = MonotonicClock.nowMicros();
            Set<String> used = new HashSet<>();
            List<Change> records = new ArrayList<>();
            for (Map.Entry<String, Map<String, Parsed>> s : parsed.entrySet()) {
                String subjectId = s.getKey();
                Map<String, List<ValueRow>> oldOfSubject = old.getOrDefault(subjectId, Map.of());
                for (Map.Entry<String, Parsed> p : s.getValue().entrySet()) {
                    String key = p.getKey();
                    List<ValueRow> oldRows = oldOfSubject.get(key);
                    Stored oldStored = oldRows == null ? null : stored(oldRows);
                    Stored newStored = p.getValue() == null ? null : p.getValue().stored;
                    if (oldRows == null && newStored == null || oldStored != null && oldStored.equals(newStored)) {
                        continue;
                    }
                    if (oldRows != null) {
                        jdbc.delete(subjectId, key);
                    }
                    if (newStored != null) {
                        jdbc.insert(subjectId, key, newStored, p.getValue().raw, now);
                    }
                    used.add(key);
                    Object oldValue = oldRows == null ? null : RawJson.read(oldRows.get(0).raw);
                    Object newValue = newStored == null ? null : RawJson.read(p.getValue().raw);
                    Map<String, Object> c = new HashMap<>();
                    c.put("old", oldValue);
                    c.put("new", newValue);
                    changes.computeIfAbsent(subjectId, k -> new LinkedHashMap<>()).put(FIELD + "." + key, c);
                    Map<String, Object> data = new HashMap<>();
                    data.put("key", key);
                    data.put("label", defs.get(key).label());
                    data.put("old", oldValue);
                    data.put("new", newValue);
                    records.add(Change.of(AttributesEvents.SET, model, subjectId, data, actor));
                }
            }
            jdbc.execute();
            changeLog.recordAll(em, records);
            // A definition changed meanwhile (type, options, archived) fails this commit; the retry sees the change.
            for (String key : used) {
                em.lock(entities.get(key), LockModeType.OPTIMISTIC);
            }
            return null;
        }));
        if (!changes.isEmpty()) {
            changeLog.committed();
        }
        return new ValuesBatch(changes, failed);
    }

    /** A value checked by its type: the stored form and its JSON text. */
    static final class Parsed {
        final Stored stored;
        final String raw;

        Parsed(Stored stored, String raw) {
            this.stored = stored;
            this.raw = raw;
        }
    }

    /**
     * Checks every value of a patch with its type, all errors in one 400 on {@code attributes.<key>}; null
     * values (removals) map to null. An empty text list is no value, so it removes too.
     */
    private Map<String, Parsed> parseAll(String model, Map<String, Object> values, Map<String, DefinitionView> defs) {
        List<FieldError> errors = new ArrayList<>();
        List<FieldError> readOnly = new ArrayList<>();
        Map<String, Parsed> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> v : values.entrySet()) {
            String field = FIELD + "." + v.getKey();
            DefinitionView def = defs.get(v.getKey());
            if (def == null) {
                errors.add(new FieldError(field, "unknown attribute; define it with POST /api/v1/attributes"));
                continue;
            }
            if (def.archived) {
                errors.add(new FieldError(field, "archived attributes are read-only"));
                continue;
            }
            RegisteredType type = type(def.type());
            if (type == null) {
                readOnly.add(new FieldError(field, "the type '" + def.type() + "' is not installed; the value is read-only until it returns"));
                continue;
            }
            if (v.getValue() == null) {
                result.put(v.getKey(), null);
                continue;
            }
            try {
                Stored stored = parse(type, v.getValue(), def);
                if (stored.kind() == StorageKind.TEXT_LIST && stored.textList().isEmpty()) {
                    result.put(v.getKey(), null);
                    continue;
                }
                String raw = raw(type, stored, def);
                if (raw.length() > Stored.MAX_RAW) {
                    errors.add(new FieldError(field, "is too large: its JSON has " + raw.length() + " characters, at most "
                            + Stored.MAX_RAW + " are kept"));
                    continue;
                }
                result.put(v.getKey(), new Parsed(stored, raw));
            } catch (InvalidValueException e) {
                errors.add(new FieldError(field, e.getMessage() == null ? "does not fit the type " + def.type() : e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidException(errors);
        }
        if (!readOnly.isEmpty()) {
            String detail = readOnly.size() == 1
                    ? "The type '" + defs.get(readOnly.get(0).field.substring(FIELD.length() + 1)).type() + "' of '"
                            + readOnly.get(0).field + "' is not installed: the value is read-only until the type returns."
                    : "These attributes' types are not installed: their values are read-only until the types return: "
                            + readOnly.stream().map(f -> f.field + " ('" + defs.get(f.field.substring(FIELD.length() + 1)).type() + "')")
                                    .collect(Collectors.joining(", ")) + ".";
            throw new ConflictException(detail, readOnly, null);
        }
        return result;
    }

    /**
     * A type's parse. A plugin's failure is contained by the guard (502 or 504 naming it); a breach of the
     * contract is the type's fault, not the client's.
     */
    private Stored parse(RegisteredType type, Object value, DefinitionView def) throws InvalidValueException {
        Stored stored;
        try {
            stored = call(type.plugin, "AttributeType.parse", () -> {
                try {
                    return type.type.parse(value, def);
                } catch (IllegalArgumentException e) {
                    // a Stored factory's limit: the type did not check it first
                    throw new InvalidValueException(e.getMessage() == null ? "does not fit the type " + def.type() : "is too large: " + e.getMessage());
                }
            });
        } catch (InvalidValueException | DomainException e) {
            throw e;
        } catch (RuntimeException e) { // only our own types get here: a plugin's is a PluginCallException
            LOG.error("The attribute type {} failed to parse a value for {}/{}", def.type(), def.model(), def.key(), e);
            throw new FailedException("Attribute type failed", "The attribute type '" + def.type() + "' failed: " + e);
        }
        if (stored == null || stored.kind() != type.storage) {
            throw breach(type, "AttributeType.parse", "answered " + (stored == null ? "null" : "a " + stored.kind() + " value")
                    + " for its storage " + type.storage);
        }
        return stored;
    }

    /** The JSON text of a value as its type formats it, to store beside it. */
    private String raw(RegisteredType type, Stored stored, DefinitionView def) {
        Object formatted = call(type.plugin, "AttributeType.format", () -> type.type.format(stored, def));
        try {
            return RawJson.write(formatted);
        } catch (IllegalArgumentException e) {
            throw breach(type, "AttributeType.format", "answered something that is not JSON: " + e.getMessage());
        }
    }

    /**
     * Puts a stored value as its type formats it into {@code values}; or its last written JSON, with its
     * status, when the type is not installed or fails. A read never fails for a type, and waits at most
     * once for a plugin that does not answer ({@code notAnswering}: their bundle ids).
     */
    private void show(DefinitionView def, List<ValueRow> rows, Map<String, Object> values, Map<String, String> status,
            Set<Long> notAnswering) {
        String key = def.key();
        RegisteredType type = type(def.type());
        if (type == null) {
            values.put(key, RawJson.read(rows.get(0).raw));
            status.put(key, AttributeValues.TYPE_UNAVAILABLE);
            return;
        }
        Stored stored = stored(rows);
        boolean waitedAlready = type.plugin != null && notAnswering.contains(type.plugin.getBundleId());
        if (waitedAlready) {
            LOG.debug("Not asking {} again in this read: it did not answer", type.owner());
        } else if (stored != null && stored.kind() == type.storage) {
            try {
                Object formatted = call(type.plugin, "AttributeType.format", () -> type.type.format(stored, def));
                if (type.plugin == null || isJson(formatted)) {
                    values.put(key, formatted);
                    return;
                }
                breach(type, "AttributeType.format", "answered a " + formatted.getClass().getName() + ", which is not JSON");
            } catch (PluginCallException e) { // marked by the guard
                LOG.warn("The attribute type {} failed to format a value of {}/{}; answering the stored JSON: {}", def.type(), def.model(), key,
                        e.detail);
                if (e.status != 502 && type.plugin != null) {
                    notAnswering.add(type.plugin.getBundleId());
                }
            } catch (RuntimeException e) {
                LOG.warn("The attribute type {} failed to format a value of {}/{}; answering the stored JSON", def.type(), def.model(), key, e);
            }
        } else {
            LOG.warn("The stored value of {}/{} is not of the storage {} of its type {}; answering the stored JSON", def.model(), key,
                    type.storage, def.type());
        }
        values.put(key, RawJson.read(rows.get(0).raw));
        status.put(key, AttributeValues.TYPE_FAILED);
    }

    /** Whether a plugin's answer can be written as JSON: checked so that one type cannot fail the whole read. */
    private static boolean isJson(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return true;
        }
        if (value instanceof List) {
            return ((List<?>) value).stream().allMatch(AttributesServiceImpl::isJson);
        }
        if (value instanceof Map) {
            return ((Map<?, ?>) value).entrySet().stream().allMatch(e -> e.getKey() instanceof String && isJson(e.getValue()));
        }
        return false;
    }

    /** One row of a value, as scalars: nothing stays managed that a later delete and insert would collide with. */
    static final class ValueRow {
        final int item;
        final String storage;
        final String text;
        final java.math.BigDecimal number;
        final Boolean bool;
        final Long time;
        final String raw;

        ValueRow(Object[] r) {
            this.item = ((Number) r[1]).intValue();
            this.storage = (String) r[2];
            this.text = (String) r[3];
            this.number = (java.math.BigDecimal) r[4];
            this.bool = r[5] == null ? null : r[5] instanceof Boolean ? (Boolean) r[5] : ((Number) r[5]).intValue() != 0;
            this.time = r[6] == null ? null : ((Number) r[6]).longValue();
            this.raw = (String) r[7];
        }
    }

    /** A profile's value rows by key (only these keys when not null), items in order. */
    private static Map<String, List<ValueRow>> rowsOf(EntityManager em, String model, String subjectId, Collection<String> keys) {
        Map<String, List<ValueRow>> result = new TreeMap<>();
        if (keys != null && keys.isEmpty()) {
            return result;
        }
        TypedQuery<Object[]> q = em.createQuery("SELECT v.attrKey, v.item, v.storage, v.textValue, v.numberValue, v.boolValue, "
                + "v.timeValue, v.raw FROM ValueEntity v WHERE v.model = :m AND v.subjectId = :s"
                + (keys == null ? "" : " AND v.attrKey IN :keys") + " ORDER BY v.attrKey, v.item", Object[].class)
                .setParameter("m", model).setParameter("s", subjectId);
        if (keys != null) {
            q.setParameter("keys", keys);
        }
        for (Object[] r : q.getResultList()) {
            result.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(new ValueRow(r));
        }
        return result;
    }

    /** The stored form of a value's rows; null when they do not make one (written by a type of another storage). */
    private static Stored stored(List<ValueRow> rows) {
        ValueRow first = rows.get(0);
        try {
            switch (StorageKind.valueOf(first.storage)) {
            case TEXT:
                return first.text == null ? null : Stored.text(first.text);
            case NUMBER:
                return first.number == null ? null : Stored.number(first.number);
            case BOOLEAN:
                return first.bool == null ? null : Stored.bool(first.bool);
            case INSTANT:
                return first.time == null ? null : Stored.instant(first.time);
            case TEXT_LIST:
                return Stored.textList(rows.stream().map(r -> r.text).collect(Collectors.toList()));
            default:
                return null;
            }
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void insert(EntityManager em, String model, String subjectId, String key, Stored stored, String raw, long now) {
        List<ValueEntity> rows = new ArrayList<>();
        switch (stored.kind()) {
        case TEXT_LIST:
            for (String item : stored.textList()) {
                rows.add(text(row(model, subjectId, key, rows.size(), stored, now), item));
            }
            break;
        case TEXT:
            rows.add(text(row(model, subjectId, key, 0, stored, now), stored.text()));
            break;
        case NUMBER:
            rows.add(row(model, subjectId, key, 0, stored, now));
            rows.get(0).numberValue = stored.number();
            break;
        case BOOLEAN:
            rows.add(row(model, subjectId, key, 0, stored, now));
            rows.get(0).boolValue = stored.bool();
            break;
        case INSTANT:
            rows.add(row(model, subjectId, key, 0, stored, now));
            rows.get(0).timeValue = stored.instant();
            break;
        default:
            throw new IllegalStateException("unknown storage " + stored.kind());
        }
        rows.get(0).raw = raw;
        rows.forEach(em::persist);
    }

    private static ValueEntity row(String model, String subjectId, String key, int item, Stored stored, long now) {
        ValueEntity v = new ValueEntity();
        v.model = model;
        v.subjectId = subjectId;
        v.attrKey = key;
        v.item = item;
        v.storage = stored.kind().name();
        v.updatedAt = now;
        return v;
    }

    private static ValueEntity text(ValueEntity v, String text) {
        v.textValue = text;
        String prefix = text.length() > ValueEntity.TEXT_KEY_LENGTH ? text.substring(0, ValueEntity.TEXT_KEY_LENGTH) : text;
        String key = prefix.toLowerCase(Locale.ROOT);
        // lower-casing can lengthen a string (e.g. 'İ'): keep within the column
        v.textKey = key.length() > ValueEntity.TEXT_KEY_LENGTH ? key.substring(0, ValueEntity.TEXT_KEY_LENGTH) : key;
        return v;
    }


}
