package io.rapport.companies.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.rapport.companies.api.Company;
import io.rapport.companies.api.CompanyEvents;
import io.rapport.platform.api.ChangeEvents;
import io.rapport.platform.api.Models;
import io.rapport.platform.search.FieldType;
import io.rapport.platform.search.IndexSink;
import io.rapport.platform.search.SearchField;
import io.rapport.platform.search.SearchFieldProvider;

/** The standard fields of a company for search, and the companies themselves (this bundle owns them). */
@Component(property = SearchFieldProvider.MODELS + "=" + Models.COMPANY)
public class CompanySearchFields implements SearchFieldProvider {
    static final List<SearchField> FIELDS = List.of(
            new SearchField("name", FieldType.TEXT, "The company's name"),
            new SearchField("domain", FieldType.TEXT, "The company's domain, such as acme.com"),
            new SearchField("website", FieldType.TEXT, "The company's website URL"),
            new SearchField("industry", FieldType.TEXT, "The company's industry"),
            new SearchField("size", FieldType.NUMBER, "The number of employees"),
            new SearchField("external_id", FieldType.TEXT, "The id in the customer's own systems"),
            new SearchField("updated_at", FieldType.INSTANT, "When the company's own fields last changed"));

    private final CompaniesServiceImpl companies;

    @Activate
    public CompanySearchFields(@Reference CompaniesServiceImpl companies) {
        this.companies = companies;
    }

    @Override
    public List<SearchField> fields(String model) {
        return Models.COMPANY.equals(model) ? FIELDS : List.of();
    }

    @Override
    public List<String> topics() {
        return List.of(CompanyEvents.CREATED, CompanyEvents.UPDATED, CompanyEvents.DELETED);
    }

    /** Streams the table once (never every entity at once). */
    @Override
    public void load(String model, IndexSink sink) {
        if (!Models.COMPANY.equals(model)) {
            return;
        }
        companies.jpa().inTransaction(em -> {
            Connection c = em.unwrap(Connection.class);
            try (PreparedStatement s = c.prepareStatement("SELECT ID, NAME, DOMAIN_NAME, WEBSITE, INDUSTRY, EMPLOYEES, EXTERNAL_ID,"
                    + " CREATED_AT, UPDATED_AT FROM COMPANIES_COMPANY")) {
                s.setFetchSize(1000);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String id = r.getString(1);
                        sink.subject(Models.COMPANY, id, r.getLong(8));
                        sink.set(Models.COMPANY, id, "name", r.getString(2));
                        sink.set(Models.COMPANY, id, "domain", r.getString(3));
                        sink.set(Models.COMPANY, id, "website", r.getString(4));
                        sink.set(Models.COMPANY, id, "industry", r.getString(5));
                        int size = r.getInt(6);
                        sink.set(Models.COMPANY, id, "size", r.wasNull() ? null : size);
                        sink.set(Models.COMPANY, id, "external_id", r.getString(7));
                        sink.set(Models.COMPANY, id, "updated_at", r.getLong(9));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Reading companies for search failed: " + e.getMessage(), e);
            }
            return null;
        });
    }

    /** Writes the company as the change left it (its {@code entity}), or as stored when the change has none. */
    @Override
    public void apply(String topic, String model, String subjectId, Map<String, Object> data, IndexSink sink) {
        if (subjectId == null || !Models.COMPANY.equals(model)) {
            return;
        }
        if (CompanyEvents.DELETED.equals(topic)) {
            sink.removeSubject(Models.COMPANY, subjectId);
            return;
        }
        Object entity = data.get(ChangeEvents.ENTITY);
        if (entity instanceof Map) {
            write(sink, subjectId, (Map<?, ?>) entity);
            return;
        }
        Optional<Company> c = companies.get(subjectId);
        if (c.isEmpty()) {
            sink.removeSubject(Models.COMPANY, subjectId);
            return;
        }
        write(sink, subjectId, CompanyJson.write(c.get()));
    }

    private static void write(IndexSink sink, String id, Map<?, ?> company) {
        sink.subject(Models.COMPANY, id, micros(company.get("created_at")));
        sink.set(Models.COMPANY, id, "name", company.get("name"));
        sink.set(Models.COMPANY, id, "domain", company.get("domain"));
        sink.set(Models.COMPANY, id, "website", company.get("website"));
        sink.set(Models.COMPANY, id, "industry", company.get("industry"));
        sink.set(Models.COMPANY, id, "size", company.get("size"));
        sink.set(Models.COMPANY, id, "external_id", company.get("external_id"));
        sink.set(Models.COMPANY, id, "updated_at", micros(company.get("updated_at")));
    }

    private static long micros(Object iso) {
        Instant i = Instant.parse(String.valueOf(iso));
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }
}
