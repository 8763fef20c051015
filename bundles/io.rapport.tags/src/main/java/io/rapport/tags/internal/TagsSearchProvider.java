package io.rapport.tags.internal;

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

import javax.persistence.PersistenceException;
import javax.persistence.Query;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.persistence.api.JpaUnit;
import io.rapport.persistence.api.SubjectPages;
import io.rapport.platform.api.ChangeEvents;
import io.rapport.platform.api.Models;
import io.rapport.platform.search.FieldType;
import io.rapport.platform.search.IndexSink;
import io.rapport.platform.search.SearchField;
import io.rapport.platform.search.SearchFieldProvider;
import io.rapport.tags.api.TagsEvents;
import io.rapport.tags.api.TagsService;

/**
 * The {@code tags} search field of people and companies: the names and the ids of the tags a profile
 * carries, so that a condition may name a tag either way ({@code "VIP"} or {@code "tag_..."}).
 */
@Component(service = SearchFieldProvider.class, property = { SearchFieldProvider.MODELS + "=" + Models.PERSON,
        SearchFieldProvider.MODELS + "=" + Models.COMPANY })
public class TagsSearchProvider implements SearchFieldProvider {
    static final String FIELD = "tags";
    /** Rows per read while loading or re-setting many profiles. */
    static final int PAGE = 5000;
    private static final List<String> MODELS = List.of(Models.PERSON, Models.COMPANY);
    private static final List<SearchField> FIELDS = List.of(new SearchField(FIELD, FieldType.TEXT_LIST,
            "The tags it carries, by name or by id (each tag's name and id are both values)"));

    private final TagsServiceImpl tags;

    @Activate
    public TagsSearchProvider(@Reference(target = "(component.name=" + TagsServiceImpl.COMPONENT_NAME + ")") TagsService tags) {
        this.tags = (TagsServiceImpl) tags;
    }

    @Override
    public List<SearchField> fields(String model) {
        return MODELS.contains(model) ? FIELDS : List.of();
    }

    @Override
    public List<String> topics() {
        return List.of("rapport/tags/");
    }

    @Override
    public void load(String model, IndexSink sink) {
        if (!MODELS.contains(model)) {
            return;
        }
        JpaUnit jpa = tags.jpa();
        Map<String, String> names = new HashMap<>();
        for (Object[] t : jpa.read(em -> em.createQuery("SELECT t.id, t.name FROM TagEntity t", Object[].class).getResultList())) {
            names.put((String) t[0], (String) t[1]);
        }
        // Ordered by the (MODEL, SUBJECT_ID) index alone, so that the database reads in index order and never sorts.
        SubjectPages.forEach(
                (after, limit) -> jpa.read(em -> SubjectPages.rows(em.createNativeQuery("SELECT SUBJECT_ID, TAG_ID FROM TAGS_LINK WHERE MODEL = ? "
                        + "AND SUBJECT_ID > ? ORDER BY SUBJECT_ID FETCH FIRST " + limit + " ROWS ONLY").setParameter(1, model).setParameter(2, after))),
                subject -> jpa.read(em -> SubjectPages.rows(em.createNativeQuery("SELECT SUBJECT_ID, TAG_ID FROM TAGS_LINK WHERE MODEL = ? AND SUBJECT_ID = ?")
                        .setParameter(1, model).setParameter(2, subject))),
                PAGE,
                (subject, rows) -> {
                    Map<String, String> carried = new LinkedHashMap<>();
                    for (Object[] r : rows) {
                        String tagId = (String) r[1];
                        String name = names.computeIfAbsent(tagId, this::nameOf); // a tag created while loading
                        if (name != null) {
                            carried.put(tagId, name);
                        }
                    }
                    sink.set(model, subject, FIELD, value(carried));
                });
    }

    @Override
    public void apply(String topic, String model, String subjectId, Map<String, Object> data, IndexSink sink) {
        if (subjectId == null) {
            return;
        }
        if (TagsEvents.ADDED.equals(topic) || TagsEvents.REMOVED.equals(topic)) {
            if (MODELS.contains(model)) {
                reset(model, List.of(subjectId), sink);
            }
        } else if (TagsEvents.UPDATED.equals(topic)) {
            if (nameChanged(data)) {
                // subjectId is the tag's: every profile that carries it has a new value
                for (String m : MODELS) {
                    resetAll(m, "SELECT SUBJECT_ID FROM TAGS_LINK WHERE TAG_ID = ? AND MODEL = ?", subjectId, sink);
                }
            }
        } else if (TagsEvents.DELETED.equals(topic)) {
            // the links are gone with the tag: the deletion kept them in TAGS_SEARCH_UNLINKED for us
            for (String m : MODELS) {
                resetAll(m, "SELECT SUBJECT_ID FROM TAGS_SEARCH_UNLINKED WHERE TAG_ID = ? AND MODEL = ?", subjectId, sink);
            }
        }
    }

    /** Re-sets every profile {@code select} (two parameters: the tag id and the model) finds, a page at a time. */
    private void resetAll(String model, String select, String tagId, IndexSink sink) {
        JpaUnit jpa = tags.jpa();
        String after = "";
        while (true) {
            String from = after;
            List<String> ids = jpa.read(em -> strings(em.createNativeQuery(select + " AND SUBJECT_ID > ? ORDER BY SUBJECT_ID FETCH FIRST "
                    + PAGE + " ROWS ONLY").setParameter(1, tagId).setParameter(2, model).setParameter(3, from)));
            reset(model, ids, sink);
            if (ids.size() < PAGE) {
                return;
            }
            after = ids.get(ids.size() - 1);
        }
    }

    /**
     * Writes the current value of these profiles: one indexed lookup each on the transaction's connection
     * (an IN list would be cheaper to send, but Derby plans it as a scan of every link once it has
     * planned it on a small table; and this runs for every tag added or removed).
     */
    private void reset(String model, List<String> subjectIds, IndexSink sink) {
        if (subjectIds.isEmpty()) {
            return;
        }
        tags.jpa().inTransaction(em -> {
            try (PreparedStatement q = em.unwrap(Connection.class).prepareStatement("SELECT l.TAG_ID, t.NAME FROM TAGS_LINK l "
                    + "JOIN TAGS_TAG t ON t.ID = l.TAG_ID WHERE l.MODEL = ? AND l.SUBJECT_ID = ?")) {
                q.setString(1, model);
                for (String id : subjectIds) {
                    q.setString(2, id);
                    Map<String, String> carried = new LinkedHashMap<>();
                    try (ResultSet r = q.executeQuery()) {
                        while (r.next()) {
                            carried.put(r.getString(1), r.getString(2));
                        }
                    }
                    sink.set(model, id, FIELD, value(carried));
                }
            } catch (SQLException e) {
                throw new PersistenceException(e);
            }
            return null;
        });
    }

    private String nameOf(String tagId) {
        return tags.jpa().read(em -> {
            TagEntity t = em.find(TagEntity.class, tagId);
            return t == null ? null : t.name;
        });
    }

    /** The field's value: the tags' names (as written) sorted ignoring case, then their ids; null for none. */
    static List<String> value(Map<String, String> namesById) {
        if (namesById.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>(namesById.values());
        names.sort(String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder()));
        List<String> ids = new ArrayList<>(namesById.keySet());
        ids.sort(Comparator.naturalOrder());
        List<String> value = new ArrayList<>(names.size() + ids.size());
        value.addAll(names);
        value.addAll(ids);
        return value;
    }

    /** Whether a tag update changed its name (colour and description are not searchable). */
    static boolean nameChanged(Map<String, Object> data) {
        Object changes = data == null ? null : data.get(ChangeEvents.CHANGES);
        return !(changes instanceof Map) || ((Map<?, ?>) changes).containsKey("name");
    }

    private static List<String> strings(Query q) {
        List<String> values = new ArrayList<>();
        for (Object[] r : SubjectPages.rows(q)) {
            values.add((String) r[0]);
        }
        return values;
    }
}
