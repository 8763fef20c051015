package io.rapport.people.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.people.api.PeopleEvents;
import io.rapport.people.api.Person;
import io.rapport.platform.api.ChangeEvents;
import io.rapport.platform.api.Models;
import io.rapport.platform.search.FieldType;
import io.rapport.platform.search.IndexSink;
import io.rapport.platform.search.SearchField;
import io.rapport.platform.search.SearchFieldProvider;

/**
 * The standard fields of a person for search, and the people themselves (this bundle owns them).
 * Phones are indexed as written and without separators, so {@code +1 (555) 010-2030} is found by
 * {@code +15550102030} and by {@code 010-2030}.
 */
@Component(property = SearchFieldProvider.MODELS + "=" + Models.PERSON)
public class PeopleSearchFields implements SearchFieldProvider {
    static final List<SearchField> FIELDS = List.of(
            new SearchField("name", FieldType.TEXT, "The person's name"),
            new SearchField("emails", FieldType.TEXT_LIST, "The person's email addresses"),
            new SearchField("phones", FieldType.TEXT_LIST, "The person's phone numbers, as written and without separators"),
            new SearchField("external_id", FieldType.TEXT, "The id in the customer's own systems"),
            new SearchField("avatar_url", FieldType.TEXT, "The URL of the person's picture"),
            new SearchField("location.city", FieldType.TEXT, "The city the person is in"),
            new SearchField("location.region", FieldType.TEXT, "The region the person is in"),
            new SearchField("location.country", FieldType.TEXT, "The country the person is in"),
            new SearchField("updated_at", FieldType.INSTANT, "When the person's own fields last changed"));
    private static final int FETCH = 1000;

    private final PeopleServiceImpl people;

    @Activate
    public PeopleSearchFields(@Reference PeopleServiceImpl people) {
        this.people = people;
    }

    @Override
    public List<SearchField> fields(String model) {
        return Models.PERSON.equals(model) ? FIELDS : List.of();
    }

    @Override
    public List<String> topics() {
        return List.of("rapport/people/");
    }

    /** Streams the three tables once each (never every entity at once). */
    @Override
    public void load(String model, IndexSink sink) {
        if (!Models.PERSON.equals(model)) {
            return;
        }
        people.jpa().inTransaction(em -> {
            Connection c = em.unwrap(Connection.class);
            try {
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT ID, NAME, AVATAR_URL, EXTERNAL_ID, CITY, REGION, COUNTRY, CREATED_AT, UPDATED_AT FROM PEOPLE_PERSON")) {
                    s.setFetchSize(FETCH);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            String id = r.getString(1);
                            sink.subject(Models.PERSON, id, r.getLong(8));
                            sink.set(Models.PERSON, id, "name", r.getString(2));
                            sink.set(Models.PERSON, id, "avatar_url", r.getString(3));
                            sink.set(Models.PERSON, id, "external_id", r.getString(4));
                            sink.set(Models.PERSON, id, "location.city", r.getString(5));
                            sink.set(Models.PERSON, id, "location.region", r.getString(6));
                            sink.set(Models.PERSON, id, "location.country", r.getString(7));
                            sink.set(Models.PERSON, id, "updated_at", r.getLong(9));
                        }
                    }
                }
                lists(c, "SELECT PERSON_ID, EMAIL, POSITION FROM PEOPLE_EMAIL", "emails", sink);
                lists(c, "SELECT PERSON_ID, PHONE, POSITION FROM PEOPLE_PHONE", "phones", sink);
            } catch (SQLException e) {
                throw new IllegalStateException("Reading people for search failed: " + e.getMessage(), e);
            }
            return null;
        });
    }

    /**
     * Reads a list table in its stored order and groups it in memory: an ordered read of the same rows
     * is five times slower on Derby (an index walk or a sort of every row). Holds about 150 bytes a row
     * until the table is read.
     */
    private static void lists(Connection c, String sql, String field, IndexSink sink) throws SQLException {
        Map<String, String[]> byPerson = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setFetchSize(FETCH);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String id = r.getString(1);
                    int position = Math.max(0, r.getInt(3));
                    String[] values = byPerson.get(id);
                    if (values == null || values.length <= position) {
                        values = values == null ? new String[position + 1] : Arrays.copyOf(values, position + 1);
                        byPerson.put(id, values);
                    }
                    values[position] = r.getString(2);
                }
            }
        }
        for (Map.Entry<String, String[]> e : byPerson.entrySet()) {
            List<String> values = new ArrayList<>(e.getValue().length);
            for (String v : e.getValue()) {
                if (v != null) {
                    values.add(v);
                }
            }
            write(sink, e.getKey(), field, values);
        }
    }

    private static void write(IndexSink sink, String id, String field, List<String> values) {
        if (id != null) {
            sink.set(Models.PERSON, id, field, "phones".equals(field) ? phones(values) : values);
        }
    }

    /** Each phone as written and, when different, without its separators. */
    static List<String> phones(List<String> written) {
        Set<String> all = new LinkedHashSet<>();
        for (String p : written) {
            if (p != null) {
                all.add(p);
                all.add(p.replaceAll("[\\s().\\/-]", ""));
            }
        }
        return new ArrayList<>(all);
    }

    /** Writes the person as the change left it (its {@code entity}), or as stored when the change has none. */
    @Override
    public void apply(String topic, String model, String subjectId, Map<String, Object> data, IndexSink sink) {
        if (subjectId == null) {
            return;
        }
        if (PeopleEvents.DELETED.equals(topic)) {
            sink.removeSubject(Models.PERSON, subjectId);
            return;
        }
        Object entity = data.get(ChangeEvents.ENTITY);
        if (entity instanceof Map) {
            write(sink, subjectId, (Map<?, ?>) entity);
            return;
        }
        Optional<Person> p = people.get(subjectId);
        if (p.isEmpty()) {
            sink.removeSubject(Models.PERSON, subjectId);
            return;
        }
        write(sink, subjectId, PersonJson.write(p.get()));
    }

    @SuppressWarnings("unchecked")
    private static void write(IndexSink sink, String id, Map<?, ?> person) {
        sink.subject(Models.PERSON, id, micros(person.get("created_at")));
        sink.set(Models.PERSON, id, "name", person.get("name"));
        sink.set(Models.PERSON, id, "emails", person.get("emails"));
        Object phones = person.get("phones");
        sink.set(Models.PERSON, id, "phones", phones instanceof List ? phones((List<String>) phones) : null);
        sink.set(Models.PERSON, id, "external_id", person.get("external_id"));
        sink.set(Models.PERSON, id, "avatar_url", person.get("avatar_url"));
        Object location = person.get("location");
        Map<?, ?> l = location instanceof Map ? (Map<?, ?>) location : Map.of();
        sink.set(Models.PERSON, id, "location.city", l.get("city"));
        sink.set(Models.PERSON, id, "location.region", l.get("region"));
        sink.set(Models.PERSON, id, "location.country", l.get("country"));
        sink.set(Models.PERSON, id, "updated_at", micros(person.get("updated_at")));
    }

    private static long micros(Object iso) {
        Instant i = Instant.parse(String.valueOf(iso));
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }
}
