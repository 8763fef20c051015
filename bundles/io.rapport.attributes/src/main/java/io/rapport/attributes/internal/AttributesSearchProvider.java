package io.rapport.attributes.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import javax.persistence.PersistenceException;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.rapport.attributes.api.AttributesEvents;
import io.rapport.attributes.api.AttributesService;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.persistence.api.JpaUnit;
import io.rapport.persistence.api.SubjectPages;
import io.rapport.platform.api.ChangeEvents;
import io.rapport.platform.api.Models;
import io.rapport.platform.search.FieldType;
import io.rapport.platform.search.IndexSink;
import io.rapport.platform.search.SearchField;
import io.rapport.platform.search.SearchFieldProvider;

/**
 * One search field per attribute definition, {@code attributes.<key>}, typed by its type's storage:
 * text, number, boolean and text list as they are; the built-in {@code date} (stored as epoch days) and
 * {@code datetime} (epoch microseconds) as instants in epoch microseconds, a date at midnight UTC; other
 * types stored as instants (a plugin's own unit) as numbers. Archived attributes stay searchable (their
 * values still exist; only writing them is refused). An attribute whose type is not installed is not
 * searchable until the type returns ({@link #unavailable}): the search keeps no values of fields that
 * are not declared, so this provider is registered anew when a type comes or goes, to be loaded again.
 */
@Component(service = SearchFieldProvider.class, property = { SearchFieldProvider.MODELS + "=" + Models.PERSON,
        SearchFieldProvider.MODELS + "=" + Models.COMPANY })
public class AttributesSearchProvider implements SearchFieldProvider {
    static final String PREFIX = AttributesServiceImpl.FIELD + ".";
    static final long MICROS_PER_DAY = 86_400_000_000L;
    /** Rows per read while loading or re-setting many profiles. */
    static final int PAGE = 5000;
    private static final List<String> MODELS = List.of(Models.PERSON, Models.COMPANY);

    private final AttributesServiceImpl attributes;
    /** Definitions as last read; read again when the service's count of definition changes moves on. */
    private volatile Definitions definitions;
    /**
     * Deleted definitions whose values the search may still hold, by {@code model/key}: still declared
     * until their deletion is applied (at most {@link #DROPPING_MS}), because the search keeps no writes,
     * not even removals, to fields that are not declared.
     */
    private final Map<String, Dropping> dropping = new ConcurrentHashMap<>();
    static final long DROPPING_MS = 60_000;

    /**
     * @param types not used: a static, greedy reference, so that this provider is registered anew whenever
     *            a type comes or goes, and the search loads the values again with the fields they now have
     *            (it keeps no values of fields a provider does not declare)
     */
    @Activate
    public AttributesSearchProvider(@Reference(target = "(component.name=io.rapport.attributes.internal.AttributesServiceImpl)")
            AttributesService attributes, @Reference(service = AttributeType.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policyOption = ReferencePolicyOption.GREEDY) List<ServiceReference<AttributeType>> types) {
        this.attributes = (AttributesServiceImpl) attributes;
    }

    /** What the fields need of a definition. */
    static final class Def {
        final String key;
        final String label;
        final String type;
        final boolean archived;

        Def(String key, String label, String type, boolean archived) {
            this.key = key;
            this.label = label;
            this.type = type;
            this.archived = archived;
        }
    }

    private static final class Dropping {
        final Def def;
        final long since;

        Dropping(Def def, long since) {
            this.def = def;
            this.since = since;
        }
    }

    private static final class Definitions {
        final long version;
        final Map<String, Map<String, Def>> byModel;

        Definitions(long version, Map<String, Map<String, Def>> byModel) {
            this.version = version;
            this.byModel = byModel;
        }
    }

    /** The definitions of a model by key, sorted; cheap: called for every query the search plans. */
    private Map<String, Def> definitions(String model) {
        Definitions d = definitions;
        if (d == null || d.version != attributes.definitionsVersion()) {
            d = readDefinitions();
        }
        return d.byModel.getOrDefault(model, Map.of());
    }

    /** Reads the definitions again, noting those that were deleted since the last read. */
    private synchronized Definitions readDefinitions() {
        long version = attributes.definitionsVersion();
        Definitions d = definitions;
        if (d == null || d.version != version) {
            Map<String, Map<String, Def>> byModel = new HashMap<>();
            for (Object[] r : attributes.jpa().read(em -> em.createQuery("SELECT d.model, d.key, d.label, d.type, d.archived FROM DefinitionEntity d",
                    Object[].class).getResultList())) {
                byModel.computeIfAbsent((String) r[0], k -> new TreeMap<>())
                        .put((String) r[1], new Def((String) r[1], (String) r[2], (String) r[3], Boolean.TRUE.equals(r[4])));
            }
            Definitions before = definitions;
            if (before != null) {
                long now = System.currentTimeMillis();
                before.byModel.forEach((m, defs) -> defs.forEach((key, def) -> {
                    if (!byModel.getOrDefault(m, Map.of()).containsKey(key)) {
                        dropping.putIfAbsent(m + "/" + key, new Dropping(def, now));
                    }
                }));
            }
            d = new Definitions(version, byModel);
            definitions = d;
        }
        return d;
    }

    /** The fields' definitions: the current ones and those whose deletion the search has not taken in yet. */
    private Map<String, Def> declared(String model) {
        Map<String, Def> defs = definitions(model);
        if (dropping.isEmpty()) {
            return defs;
        }
        Map<String, Def> all = new TreeMap<>(defs);
        long now = System.currentTimeMillis();
        dropping.forEach((name, d) -> {
            if (now - d.since > DROPPING_MS) {
                dropping.remove(name, d);
            } else if (name.startsWith(model + "/")) {
                all.putIfAbsent(d.def.key, d.def);
            }
        });
        return all;
    }

    @Override
    public List<SearchField> fields(String model) {
        List<SearchField> fields = new ArrayList<>();
        for (Def def : declared(model).values()) {
            RegisteredType type = attributes.type(def.type);
            if (type != null) {
                fields.add(new SearchField(PREFIX + def.key, fieldType(def.type, type.storage),
                        def.label + " (" + def.type + (def.archived ? ", archived" : "") + ")"));
            }
        }
        return fields;
    }

    @Override
    public String unavailable(String model, String field) {
        if (field == null || !field.startsWith(PREFIX)) {
            return null;
        }
        Def def = definitions(model).get(field.substring(PREFIX.length()));
        if (def == null || attributes.type(def.type) != null) {
            return null;
        }
        return "its type '" + def.type + "' is not installed (the plugin that provides it is not running); it is searchable again when "
                + "the type returns";
    }

    @Override
    public List<String> topics() {
        return List.of("rapport/attributes/");
    }

    @Override
    public void load(String model, IndexSink sink) {
        if (!MODELS.contains(model)) {
            return;
        }
        JpaUnit jpa = attributes.jpa();
        String columns = "SELECT SUBJECT_ID, ATTR_KEY, ITEM, STORAGE, TEXT_VALUE, NUMBER_VALUE, BOOL_VALUE, TIME_VALUE FROM ATTRIBUTES_VALUE ";
        // Ordered by the subject alone, so that the database reads the (MODEL, SUBJECT_ID, ...) index in order and never sorts.
        SubjectPages.forEach(
                (after, limit) -> jpa.read(em -> SubjectPages.rows(em.createNativeQuery(columns + "WHERE MODEL = ? AND SUBJECT_ID > ? ORDER BY SUBJECT_ID "
                        + "FETCH FIRST " + limit + " ROWS ONLY").setParameter(1, model).setParameter(2, after))),
                subject -> jpa.read(em -> SubjectPages.rows(em.createNativeQuery(columns + "WHERE MODEL = ? AND SUBJECT_ID = ?")
                        .setParameter(1, model).setParameter(2, subject))),
                PAGE,
                (subject, rows) -> {
                    Map<String, List<Row>> byKey = new LinkedHashMap<>();
                    for (Object[] r : rows) {
                        byKey.computeIfAbsent((String) r[1], k -> new ArrayList<>()).add(new Row(r[2], r[3], r[4], r[5], r[6], r[7]));
                    }
                    byKey.forEach((key, values) -> {
                        Def def = definitions(model).get(key);
                        // none: the definition is being deleted, and its values with it; a type that is not
                        // installed: the field is not declared, so the search would not keep the value
                        if (def != null && attributes.type(def.type) != null) {
                            sink.set(model, subject, PREFIX + key, value(def.type, values));
                        }
                    });
                });
    }

    @Override
    public void apply(String topic, String model, String subjectId, Map<String, Object> data, IndexSink sink) {
        if (AttributesEvents.SET.equals(topic)) {
            Object key = data == null ? null : data.get("key");
            if (MODELS.contains(model) && subjectId != null && key instanceof String) {
                reset(model, (String) key, List.of(subjectId), sink);
            }
        } else if (AttributesEvents.DEFINITION_DELETED.equals(topic)) {
            Object m = data == null ? null : data.get("model");
            Object key = data == null ? null : data.get("key");
            if (MODELS.contains(m) && key instanceof String) {
                definitions((String) m); // notes the deletion, if not yet done
                Dropping d = dropping.get(m + "/" + key);
                Object entity = data.get(ChangeEvents.ENTITY);
                Object type = d != null ? d.def.type : entity instanceof Map ? ((Map<?, ?>) entity).get("type") : null;
                // without its type the field was not declared, so the search holds none of its values
                if (!(type instanceof String) || attributes.type((String) type) != null) {
                    resetDropped((String) m, (String) key, sink);
                }
                dropping.remove(m + "/" + key);
            }
        }
        // other definition changes: new fields, labels, types, read again as the service's count moves on
    }

    /** The values are gone with the definition: the deletion kept who had one in ATTRIBUTES_SEARCH_DROPPED. */
    private void resetDropped(String model, String key, IndexSink sink) {
        String after = "";
        while (true) {
            String from = after;
            List<String> ids = new ArrayList<>();
            for (Object[] r : attributes.jpa().read(em -> SubjectPages.rows(em.createNativeQuery("SELECT SUBJECT_ID FROM ATTRIBUTES_SEARCH_DROPPED "
                    + "WHERE MODEL = ? AND ATTR_KEY = ? AND SUBJECT_ID > ? ORDER BY SUBJECT_ID FETCH FIRST " + PAGE + " ROWS ONLY")
                    .setParameter(1, model).setParameter(2, key).setParameter(3, from)))) {
                ids.add((String) r[0]);
            }
            reset(model, key, ids, sink);
            if (ids.size() < PAGE) {
                return;
            }
            after = ids.get(ids.size() - 1);
        }
    }

    /**
     * Writes the current value of one attribute of these profiles (null where they have none, or it has
     * no definition now): one indexed lookup each (Derby plans an IN list as a scan of every value once it
     * has planned it on a small table; and this runs for every value set).
     */
    private void reset(String model, String key, List<String> subjectIds, IndexSink sink) {
        Def def = definitions(model).get(key);
        if (def == null) {
            for (String id : subjectIds) {
                sink.set(model, id, PREFIX + key, null);
            }
            return;
        }
        if (subjectIds.isEmpty()) {
            return;
        }
        attributes.jpa().inTransaction(em -> {
            try (PreparedStatement q = em.unwrap(Connection.class).prepareStatement("SELECT ITEM, STORAGE, TEXT_VALUE, NUMBER_VALUE, BOOL_VALUE, "
                    + "TIME_VALUE FROM ATTRIBUTES_VALUE WHERE MODEL = ? AND SUBJECT_ID = ? AND ATTR_KEY = ?")) {
                q.setString(1, model);
                q.setString(3, key);
                for (String id : subjectIds) {
                    q.setString(2, id);
                    List<Row> rows = new ArrayList<>();
                    try (ResultSet r = q.executeQuery()) {
                        while (r.next()) {
                            long time = r.getLong(6);
                            boolean noTime = r.wasNull();
                            boolean bool = r.getBoolean(5);
                            boolean noBool = r.wasNull();
                            rows.add(new Row(r.getInt(1), r.getString(2), r.getString(3), r.getBigDecimal(4),
                                    noBool ? null : bool, noTime ? null : time));
                        }
                    }
                    sink.set(model, id, PREFIX + key, rows.isEmpty() ? null : value(def.type, rows));
                }
            } catch (SQLException e) {
                throw new PersistenceException(e);
            }
            return null;
        });
    }

    /** One stored row of a value, from JPQL or plain SQL (which answers booleans as numbers). */
    static final class Row {
        final int item;
        final String storage;
        final String text;
        final BigDecimal number;
        final Boolean bool;
        final Long time;

        Row(Object item, Object storage, Object text, Object number, Object bool, Object time) {
            this.item = ((Number) item).intValue();
            this.storage = (String) storage;
            this.text = (String) text;
            this.number = number == null ? null : number instanceof BigDecimal ? (BigDecimal) number : new BigDecimal(number.toString());
            this.bool = bool == null ? null : bool instanceof Boolean ? (Boolean) bool : ((Number) bool).intValue() != 0;
            this.time = time == null ? null : ((Number) time).longValue();
        }
    }

    /** The search type of an attribute of {@code type} stored as {@code storage}. */
    static FieldType fieldType(String type, StorageKind storage) {
        switch (storage) {
        case TEXT:
            return FieldType.TEXT;
        case NUMBER:
            return FieldType.NUMBER;
        case BOOLEAN:
            return FieldType.BOOLEAN;
        case TEXT_LIST:
            return FieldType.TEXT_LIST;
        case INSTANT:
            return isTime(type) ? FieldType.INSTANT : FieldType.NUMBER;
        default:
            throw new IllegalArgumentException("unknown storage " + storage);
        }
    }

    /** The built-in time types, whose unit is known: other types' instants are in units of their own. */
    private static boolean isTime(String type) {
        return "date".equals(type) || "datetime".equals(type);
    }

    /** A stored value as the index takes it (see {@link IndexSink}); null when the rows make none. */
    static Object value(String type, List<Row> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Row first = rows.get(0);
        StorageKind storage;
        try {
            storage = StorageKind.valueOf(first.storage);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
        switch (storage) {
        case TEXT:
            return first.text;
        case NUMBER:
            return first.number;
        case BOOLEAN:
            return first.bool;
        case INSTANT:
            if (first.time == null) {
                return null;
            }
            return "date".equals(type) ? first.time * MICROS_PER_DAY : first.time;
        case TEXT_LIST:
            List<Row> ordered = new ArrayList<>(rows);
            ordered.sort(Comparator.comparingInt(r -> r.item));
            List<String> items = new ArrayList<>(ordered.size());
            for (Row r : ordered) {
                if (r.text != null) {
                    items.add(r.text);
                }
            }
            return items.isEmpty() ? null : items;
        default:
            return null;
        }
    }

}
