package io.rapport.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.rapport.platform.errors.ConflictException;
import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.errors.NotFoundException;
import io.rapport.platform.errors.StaleVersionException;
import io.rapport.platform.api.Problem;
import io.rapport.companies.api.CompaniesService;
import io.rapport.companies.api.Company;
import io.rapport.companies.api.CompanyData;
import io.rapport.companies.api.CompanyEvents;
import io.rapport.companies.api.Membership;
import io.rapport.people.api.PeopleService;
import io.rapport.people.api.Person;
import io.rapport.people.api.PersonData;
import io.rapport.platform.api.ChangeEvents;
import io.rapport.platform.api.Models;
import io.rapport.platform.api.Page;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.ProfileField;
import io.rapport.platform.api.ProfileSection;
import io.rapport.platform.api.Profiles;
import io.rapport.platform.api.SubjectFilter;

/**
 * Companies in a real framework on real Derby: CRUD and its errors, links to people, the cleanup when a
 * person is deleted (also while this bundle was stopped), profile sections, and the REST paths over HTTP.
 */
public class CompaniesIT {
    @InjectService(timeout = 20000)
    CompaniesService companies;

    @InjectService(timeout = 20000)
    PeopleService people;

    @InjectService(timeout = 20000)
    Profiles profiles;

    @InjectBundleContext
    BundleContext context;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private ServiceRegistration<EventHandler> handler;

    @BeforeEach
    void listen() {
        handler = context.registerService(EventHandler.class, events::add,
                new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, CompanyEvents.ALL)));
    }

    @AfterEach
    void stopListening() {
        handler.unregister();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static CompanyData company(String name, String domain) {
        CompanyData d = new CompanyData();
        d.name = name;
        d.domain = domain;
        return d;
    }

    private Person person(String name) {
        PersonData d = new PersonData();
        d.name = name;
        d.emails = List.of(name.toLowerCase().replace(' ', '.') + "." + unique() + "@example.com");
        return people.create(d, "tester");
    }

    private Event nextEvent(String topic, String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Event e = events.poll(500, TimeUnit.MILLISECONDS);
            if (e != null && e.getTopic().equals(topic) && id.equals(e.getProperty(ChangeEvents.ID))) {
                return e;
            }
        }
        throw new AssertionError("No " + topic + " event for " + id);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(what + " did not happen within 20 s");
            }
            Thread.sleep(50);
        }
    }

    private <T> T awaitService(Class<T> type) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            ServiceReference<T> ref = context.getServiceReference(type);
            T service = ref == null ? null : context.getService(ref);
            if (service != null) {
                return service;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("No " + type.getSimpleName() + " within 20 s");
            }
            Thread.sleep(50);
        }
    }

    private static Set<String> fields(DomainException e) {
        return e.errors.stream().map(f -> f.field).collect(Collectors.toSet());
    }

    private static Set<String> ids(List<Company> list) {
        return list.stream().map(c -> c.id).collect(Collectors.toSet());
    }

    // ---- the service ----

    @Test
    void createNormalisesReadsAndRecords() throws Exception {
        String u = unique();
        CompanyData d = company("  Acme " + u + " ", "Acme-" + u + ".COM");
        d.website = "https://acme-" + u + ".com/";
        d.industry = "Anvils";
        d.size = 120;
        d.externalId = "crm-" + u;
        Company c = companies.create(d, "tester");

        assertTrue(c.id.startsWith("com_"), c.id);
        assertEquals("Acme " + u, c.name);
        assertEquals("acme-" + u + ".com", c.domain);
        assertEquals(120, c.size);
        assertEquals(c.createdAt, c.updatedAt);
        Company read = companies.get(c.id).orElseThrow();
        assertEquals(c.domain, read.domain);
        assertEquals("Anvils", read.industry);
        assertEquals(c.version(), read.version());

        Event created = nextEvent(CompanyEvents.CREATED, c.id);
        assertEquals("tester", created.getProperty(ChangeEvents.ACTOR));
        assertEquals(Models.COMPANY, created.getProperty(ChangeEvents.MODEL));
        assertEquals(c.name, ((Map<?, ?>) created.getProperty(ChangeEvents.ENTITY)).get("name"));
    }

    @Test
    void patchRecordsOldAndNewValuesAndHonoursTheVersion() throws Exception {
        String u = unique();
        Company c = companies.create(company("Initech " + u, null), "tester");
        Company patched = companies.patch(c.id, Map.of("domain", "Initech-" + u + ".com", "size", 40), c.version(), "agent-1");
        assertEquals("initech-" + u + ".com", patched.domain);
        assertEquals(40, patched.size);
        assertTrue(patched.version() > c.version());

        Event updated = nextEvent(CompanyEvents.UPDATED, c.id);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> changes = (Map<String, Map<String, Object>>) updated.getProperty(ChangeEvents.CHANGES);
        assertEquals(Set.of("domain", "size"), changes.keySet());
        assertNull(changes.get("size").get("old"));
        assertEquals(40, ((Number) changes.get("size").get("new")).intValue());

        assertThrows(StaleVersionException.class, () -> companies.patch(c.id, Map.of("industry", "x"), c.version(), "t"));
        java.util.HashMap<String, Object> removeName = new java.util.HashMap<>();
        removeName.put("name", null);
        DomainException noName = assertThrows(DomainException.class, () -> companies.patch(c.id, removeName, null, "t"));
        assertEquals(Set.of("name"), fields(noName));
        DomainException readOnly = assertThrows(DomainException.class, () -> companies.patch(c.id, Map.of("id", "x", "employees", 3), null, "t"));
        assertEquals(Set.of("id", "employees"), fields(readOnly));
        assertThrows(NotFoundException.class, () -> companies.patch("com_nosuch", Map.of("name", "x"), null, "t"));
    }

    @Test
    void invalidValuesNameTheirFields() {
        CompanyData d = company(null, "http://x");
        d.website = "acme.com";
        d.size = -3;
        DomainException e = assertThrows(DomainException.class, () -> companies.create(d, "tester"));
        assertEquals(400, Problem.statusOf(e));
        assertEquals(Set.of("name", "domain", "website", "size"), fields(e));
        assertTrue(e.detail.contains("http://x"), e.detail);
    }

    @Test
    void domainAndExternalIdAreUniqueAndTheConflictNamesTheOwner() {
        String u = unique();
        CompanyData first = company("First " + u, "first-" + u + ".com");
        first.externalId = "x-" + u;
        Company owner = companies.create(first, "tester");

        DomainException domain = assertThrows(DomainException.class,
                () -> companies.create(company("Second " + u, "FIRST-" + u + ".com"), "tester"));
        assertEquals(409, Problem.statusOf(domain));
        assertEquals(Set.of("domain"), fields(domain));
        assertTrue(domain.detail.contains(owner.id), domain.detail);

        CompanyData sameX = company("Third " + u, null);
        sameX.externalId = "x-" + u;
        DomainException external = assertThrows(DomainException.class, () -> companies.create(sameX, "tester"));
        assertEquals(409, Problem.statusOf(external));
        assertEquals(Set.of("external_id"), fields(external));
        assertTrue(external.detail.contains(owner.id), external.detail);

        Company other = companies.create(company("Fourth " + u, null), "tester");
        assertThrows(ConflictException.class,
                () -> companies.patch(other.id, Map.of("domain", "first-" + u + ".com"), null, "t"));
        // a company may keep its own values
        companies.patch(owner.id, Map.of("domain", "First-" + u + ".com", "name", "First again"), null, "t");
    }

    @Test
    void upsertByExternalIdCreatesThenReplaces() {
        String x = "crm-" + unique();
        CompaniesService.Upsert first = companies.upsertByExternalId(x, company("First", null), "tester");
        assertTrue(first.created);
        CompanyData second = company("Second", null);
        second.industry = "Retail";
        CompaniesService.Upsert again = companies.upsertByExternalId(x, second, "tester");
        assertFalse(again.created);
        assertEquals(first.company.id, again.company.id);
        assertEquals("Retail", companies.get(first.company.id).orElseThrow().industry);
        assertEquals(List.of(first.company.id), companies.list(null, x, null, 10).data.stream().map(c -> c.id).toList());
        assertThrows(InvalidException.class, () -> companies.upsertByExternalId(" ", company("x", null), "t"));
    }

    @Test
    void listsNewestFirstByLookupAndByFilter() {
        String u = unique();
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(companies.create(company("Pager " + i + " " + u, "pager" + i + "-" + u + ".com"), "tester").id);
        }
        assertEquals(List.of(mine.get(2)), companies.list("PAGER2-" + u + ".com", null, null, 10).data.stream().map(c -> c.id).toList());
        assertThrows(InvalidException.class, () -> companies.list("http://x", null, null, 10));

        // A filter another bundle would contribute: found through Profiles by its service properties, joined in SQL.
        ServiceRegistration<SubjectFilter> filter = context.registerService(SubjectFilter.class,
                (model, idColumn, value) -> new SubjectFilter.Condition(idColumn + " IN (?, ?)", List.of(value.split(",")[0], value.split(",")[1])),
                new Hashtable<>(Map.of(SubjectFilter.PARAMETER, "picked", SubjectFilter.MODELS, new String[] { "person", "company" })));
        try {
            List<SubjectFilter.Condition> picked = profiles.filters(Models.COMPANY, "ID",
                    Map.of("picked", List.of(mine.get(1) + "," + mine.get(3)), "unrelated", List.of("x")));
            assertEquals(1, picked.size());
            Page<Company> page = companies.list(null, null, picked, null, 1);
            assertEquals(List.of(mine.get(3)), page.data.stream().map(c -> c.id).toList(), "newest first, one per page");
            Page<Company> next = companies.list(null, null, picked, page.nextCursor, 1);
            assertEquals(List.of(mine.get(1)), next.data.stream().map(c -> c.id).toList());
            assertNull(next.nextCursor);
            assertEquals(List.of(mine.get(3)), companies.list(null, null, Map.of("picked", mine.get(1) + "," + mine.get(3)), null, 1)
                    .data.stream().map(c -> c.id).toList(), "the same by parameter name");
        } finally {
            filter.unregister();
        }
    }

    @Test
    void linksArePairsAndIdempotent() throws Exception {
        String u = unique();
        Company acme = companies.create(company("Acme " + u, null), "tester");
        Company globex = companies.create(company("Globex " + u, null), "tester");
        Person ada = person("Ada Link");
        Person bob = person("Bob Link");

        assertTrue(companies.link(acme.id, ada.id, "agent-1"));
        assertFalse(companies.link(acme.id, ada.id, "agent-1"), "linking twice changes nothing");
        assertTrue(companies.link(acme.id, bob.id, "agent-1"));
        assertTrue(companies.link(globex.id, ada.id, "agent-1"));

        Event linked = nextEvent(CompanyEvents.LINKED, acme.id);
        assertEquals(ada.id, linked.getProperty(CompanyEvents.PERSON_ID));
        assertEquals("Ada Link", linked.getProperty(CompanyEvents.PERSON_NAME));
        assertEquals(acme.name, linked.getProperty(CompanyEvents.COMPANY_NAME));
        assertEquals(Models.COMPANY, linked.getProperty(ChangeEvents.MODEL));

        Page<Membership> members = companies.peopleOf(acme.id, null, 1);
        assertEquals(List.of(bob.id), members.data.stream().map(m -> m.personId).toList(), "newest link first");
        assertEquals(List.of(ada.id), companies.peopleOf(acme.id, members.nextCursor, 1).data.stream().map(m -> m.personId).toList());
        assertEquals(2, companies.peopleCount(acme.id));
        assertEquals(List.of(globex.id, acme.id), companies.companiesOf(ada.id).stream().map(c -> c.id).toList());

        assertThrows(NotFoundException.class, () -> companies.link(acme.id, "per_nosuch", "t"));
        assertThrows(NotFoundException.class, () -> companies.link("com_nosuch", ada.id, "t"));

        assertTrue(companies.unlink(acme.id, ada.id, "agent-2"));
        assertFalse(companies.unlink(acme.id, ada.id, "agent-2"));
        Event unlinked = nextEvent(CompanyEvents.UNLINKED, acme.id);
        assertEquals("Ada Link", unlinked.getProperty(CompanyEvents.PERSON_NAME));
        assertEquals("agent-2", unlinked.getProperty(ChangeEvents.ACTOR));
        assertEquals(List.of(globex.id), companies.companiesOf(ada.id).stream().map(c -> c.id).toList());
        assertThrows(NotFoundException.class, () -> companies.unlink("com_nosuch", ada.id, "t"));
    }

    @Test
    void deletingACompanyRemovesItsLinks() throws Exception {
        Company c = companies.create(company("Doomed " + unique(), null), "tester");
        Person p = person("Member Doomed");
        companies.link(c.id, p.id, "tester");
        assertThrows(StaleVersionException.class, () -> companies.delete(c.id, c.version() + 7, "t"));
        companies.delete(c.id, c.version(), "tester");
        assertTrue(companies.get(c.id).isEmpty());
        assertTrue(companies.companiesOf(p.id).isEmpty());
        nextEvent(CompanyEvents.DELETED, c.id);
        assertThrows(NotFoundException.class, () -> companies.delete(c.id, null, "t"));
        assertThrows(NotFoundException.class, () -> companies.peopleOf(c.id, null, 10));
    }

    @Test
    void deletingAPersonRemovesTheirLinksAndTellsEachCompany() throws Exception {
        String u = unique();
        Company acme = companies.create(company("Acme " + u, null), "tester");
        Company globex = companies.create(company("Globex " + u, null), "tester");
        Person p = person("Leaving Person");
        companies.link(acme.id, p.id, "tester");
        companies.link(globex.id, p.id, "tester");

        people.delete(p.id, null, "agent-9");
        await("links of the deleted person removed", () -> companies.companiesOf(p.id).isEmpty());
        assertEquals(0, companies.peopleCount(acme.id));
        for (Company c : List.of(acme, globex)) {
            Event e = nextEvent(CompanyEvents.PERSON_DELETED, c.id);
            assertEquals(p.id, e.getProperty(CompanyEvents.PERSON_ID));
            assertEquals("Leaving Person", e.getProperty(CompanyEvents.PERSON_NAME));
            assertEquals(c.name, e.getProperty(CompanyEvents.COMPANY_NAME));
            assertEquals("agent-9", e.getProperty(ChangeEvents.ACTOR));
        }
    }

    @Test
    void linksOfPeopleDeletedWhileTheBundleWasStoppedGoWhenItStarts() throws Exception {
        Company c = companies.create(company("Catch-up " + unique(), null), "tester");
        Person gone = person("Gone While Stopped");
        Person stays = person("Stays While Stopped");
        companies.link(c.id, gone.id, "tester");
        companies.link(c.id, stays.id, "tester");

        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.companies")) {
            people.delete(gone.id, null, "tester");
        }
        CompaniesService restarted = awaitService(CompaniesService.class);
        await("links of the person deleted meanwhile removed", () -> restarted.companiesOf(gone.id).isEmpty());
        assertEquals(List.of(stays.id), restarted.peopleOf(c.id, null, 10).data.stream().map(m -> m.personId).toList());
        nextEvent(CompanyEvents.PERSON_DELETED, c.id);
    }

    @Test
    void withoutThePeopleBundleLinkingIs503AndTheRestWorks() throws Exception {
        Company c = companies.create(company("Lonely " + unique(), null), "tester");
        Person p = person("Linked Before");
        companies.link(c.id, p.id, "tester");
        Http http = Http.connect();
        Rest rest = new Rest(http);
        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.people")) {
            DomainException e = assertThrows(DomainException.class, () -> companies.link(c.id, "per_whoever", "t"));
            assertEquals(503, Problem.statusOf(e));
            assertTrue(e.detail.contains("io.rapport.people"), e.detail);
            HttpResponse<String> link = rest.send("PUT", "/api/v1/companies/" + c.id + "/people/" + p.id, null);
            assertStatus(503, link);
            assertTrue(link.body().contains("io.rapport.people"), link.body());
            assertStatus(503, http.get("/api/v1/companies/" + c.id + "/people"));
            HttpResponse<String> ofPerson = http.get("/api/v1/people/" + p.id + "/companies");
            assertStatus(200, ofPerson);
            assertTrue(ofPerson.body().contains(c.id), "the links are this bundle's own data: " + ofPerson.body());
            assertTrue(companies.unlink(c.id, p.id, "t"), "unlinking needs no one else");
            assertEquals("Lonely again", companies.patch(c.id, Map.of("name", "Lonely again"), null, "t").name);
        }
        awaitService(PeopleService.class);
    }

    @Test
    void profileSectionsShowBothSidesOfTheLinks() throws Exception {
        Company c = companies.create(company("Sections " + unique(), null), "tester");
        Person p = person("Section Person");
        companies.link(c.id, p.id, "tester");

        Map<String, Object> company = profiles.assemble(Models.COMPANY, c.id, Map.of("id", c.id), "people");
        Map<?, ?> section = (Map<?, ?>) company.get("people");
        assertEquals(1, section.get("total"), company.toString());
        Map<?, ?> member = (Map<?, ?>) ((List<?>) section.get("data")).get(0);
        assertEquals(p.id, member.get("id"));
        assertEquals("Section Person", member.get("name"));
        assertEquals(p.emails, member.get("emails"));

        Map<String, Object> person = profiles.assemble(Models.PERSON, p.id, Map.of("id", p.id), "companies");
        Map<?, ?> companiesSection = (Map<?, ?>) person.get("companies");
        assertEquals(1, companiesSection.get("total"), person.toString());
        assertEquals(c.id, ((Map<?, ?>) ((List<?>) companiesSection.get("data")).get(0)).get("id"));
    }

    // ---- REST ----

    /** Real HTTP with the admin token, for the methods Http.java does not have. */
    private static final class Rest {
        private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final Http http;

        Rest(Http http) {
            this.http = http;
        }

        HttpResponse<String> send(String method, String path, String json, String... headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base + path)).timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + http.adminToken)
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String idIn(String body, String prefix) {
        Matcher m = Pattern.compile("\"id\":\"(" + prefix + "_[a-z0-9]+)\"").matcher(body);
        assertTrue(m.find(), body);
        return m.group(1);
    }

    private static void assertStatus(int status, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.request().method() + " " + r.request().uri() + ": " + r.body());
    }

    @Test
    void restCrudWithETagsAndErrors() throws Exception {
        Http http = Http.connect();
        Rest rest = new Rest(http);
        http.await("/api/v1/companies?limit=1", 200, false);
        String u = unique();

        HttpResponse<String> created = rest.send("POST", "/api/v1/companies",
                "{\"name\":\"Hooli " + u + "\",\"domain\":\"Hooli-" + u + ".com\",\"size\":5000,\"website\":\"https://hooli.example\"}");
        assertStatus(201, created);
        String id = idIn(created.body(), "com");
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/v1/companies/" + id));
        assertTrue(created.body().contains("\"domain\":\"hooli-" + u + ".com\""), created.body());
        assertTrue(created.body().contains("\"size\":5000"), created.body());
        assertTrue(created.body().contains("\"created_at\":\""), created.body());

        HttpResponse<String> read = http.get("/api/v1/companies/" + id);
        assertStatus(200, read);
        String etag = read.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> stale = rest.send("PATCH", "/api/v1/companies/" + id, "{\"industry\":\"Tech\"}", "If-Match", "\"999999\"");
        assertStatus(412, stale);
        HttpResponse<String> patched = rest.send("PATCH", "/api/v1/companies/" + id, "{\"industry\":\"Tech\",\"size\":null}", "If-Match", etag);
        assertStatus(200, patched);
        assertTrue(patched.body().contains("\"industry\":\"Tech\""), patched.body());
        assertTrue(patched.body().contains("\"size\":null"), patched.body());
        assertNotEquals(etag, patched.headers().firstValue("ETag").orElseThrow());
        assertStatus(400, rest.send("PATCH", "/api/v1/companies/" + id, "{\"size\":-1}"));
        HttpResponse<String> unknown = rest.send("PATCH", "/api/v1/companies/" + id, "{\"employees\":3}");
        assertStatus(400, unknown);
        assertTrue(unknown.body().contains("employees"), unknown.body());
        assertStatus(404, rest.send("PATCH", "/api/v1/companies/com_nosuch", "{\"name\":\"x\"}"));

        HttpResponse<String> noName = rest.send("POST", "/api/v1/companies", "{\"domain\":\"noname-" + u + ".com\"}");
        assertStatus(400, noName);
        assertTrue(noName.body().contains("\"name\""), noName.body());
        HttpResponse<String> badDomain = rest.send("POST", "/api/v1/companies", "{\"name\":\"Bad\",\"domain\":\"http://x\"}");
        assertStatus(400, badDomain);
        assertTrue(badDomain.body().contains("\"domain\""), badDomain.body());
        HttpResponse<String> taken = rest.send("POST", "/api/v1/companies", "{\"name\":\"Copy\",\"domain\":\"HOOLI-" + u + ".com\"}");
        assertStatus(409, taken);
        assertTrue(taken.body().contains(id), taken.body());
        assertStatus(400, rest.send("POST", "/api/v1/companies", "{\"name\":\"Bad\",\"size\":\"many\"}"));

        HttpResponse<String> byDomain = http.get("/api/v1/companies?domain=Hooli-" + u + ".com");
        assertStatus(200, byDomain);
        assertTrue(byDomain.body().contains(id) && byDomain.body().contains("\"next_cursor\":null"), byDomain.body());
        assertStatus(400, http.get("/api/v1/companies?limit=0"));
        assertStatus(400, http.get("/api/v1/companies?cursor=garbage!"));
        // an unknown parameter is a typo, not a filter to ignore
        HttpResponse<String> typo = http.get("/api/v1/companies?whatever=1&limit=1");
        assertStatus(400, typo);
        assertTrue(typo.body().contains("\"field\":\"whatever\""), typo.body());

        String x = "ext-" + u;
        HttpResponse<String> upserted = rest.send("PUT", "/api/v1/companies?external_id=" + x, "{\"name\":\"Upserted\"}");
        assertStatus(201, upserted);
        String upsertedId = idIn(upserted.body(), "com");
        HttpResponse<String> replaced = rest.send("PUT", "/api/v1/companies?external_id=" + x, "{\"name\":\"Replaced\"}");
        assertStatus(200, replaced);
        assertEquals(upsertedId, idIn(replaced.body(), "com"));
        assertStatus(400, rest.send("PUT", "/api/v1/companies", "{\"name\":\"No key\"}"));
        HttpResponse<String> byExternal = http.get("/api/v1/companies?external_id=" + x);
        assertTrue(byExternal.body().contains("\"name\":\"Replaced\""), byExternal.body());

        assertStatus(412, rest.send("DELETE", "/api/v1/companies/" + id, null, "If-Match", etag));
        assertStatus(204, rest.send("DELETE", "/api/v1/companies/" + id, null));
        assertStatus(404, http.get("/api/v1/companies/" + id));
        assertStatus(404, rest.send("DELETE", "/api/v1/companies/" + id, null));
    }

    @Test
    void restLinksBothWays() throws Exception {
        Http http = Http.connect();
        Rest rest = new Rest(http);
        http.await("/api/v1/companies?limit=1", 200, false);
        Company c = companies.create(company("Linked Co " + unique(), null), "tester");
        Person p = person("Rest Member");

        assertStatus(204, rest.send("PUT", "/api/v1/companies/" + c.id + "/people/" + p.id, null));
        assertStatus(204, rest.send("PUT", "/api/v1/companies/" + c.id + "/people/" + p.id, null));
        assertStatus(404, rest.send("PUT", "/api/v1/companies/" + c.id + "/people/per_nosuch", null));
        assertStatus(404, rest.send("PUT", "/api/v1/companies/com_nosuch/people/" + p.id, null));

        HttpResponse<String> members = http.get("/api/v1/companies/" + c.id + "/people");
        assertStatus(200, members);
        assertTrue(members.body().contains("\"id\":\"" + p.id + "\"") && members.body().contains(p.emails.get(0)), members.body());
        HttpResponse<String> ofPerson = http.get("/api/v1/people/" + p.id + "/companies");
        assertStatus(200, ofPerson);
        assertTrue(ofPerson.body().contains("\"id\":\"" + c.id + "\""), ofPerson.body());
        assertStatus(404, http.get("/api/v1/people/per_nosuch/companies"));
        assertStatus(404, http.get("/api/v1/companies/com_nosuch/people"));

        HttpResponse<String> typo = http.get("/api/v1/companies/" + c.id + "?include=people,nosuchsection");
        assertStatus(400, typo);
        assertTrue(typo.body().contains("\"field\":\"include\"") && typo.body().contains("nosuchsection"), typo.body());
        HttpResponse<String> profile = http.get("/api/v1/companies/" + c.id + "?include=people");
        assertStatus(200, profile);
        assertTrue(profile.body().contains("\"people\":{\"total\":1"), profile.body());

        assertStatus(204, rest.send("DELETE", "/api/v1/companies/" + c.id + "/people/" + p.id, null));
        assertStatus(204, rest.send("DELETE", "/api/v1/companies/" + c.id + "/people/" + p.id, null));
        HttpResponse<String> empty = http.get("/api/v1/people/" + p.id + "/companies");
        assertTrue(empty.body().contains("\"data\":[]"), empty.body());
    }

    @Test
    void restPatchGivesOtherBundlesTheirFields() throws Exception {
        Http http = Http.connect();
        Rest rest = new Rest(http);
        http.await("/api/v1/companies?limit=1", 200, false);
        Company c = companies.create(company("Split " + unique(), null), "tester");
        String field = "ext" + unique().replace("-", "");
        List<Object> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        ServiceRegistration<ProfileField> ext = context.registerService(ProfileField.class, new ProfileField() {
            @Override
            public void validate(String model, String subjectId, Object patch) {
                if (!(patch instanceof Number)) {
                    throw new InvalidException(field, "must be a number");
                }
            }

            @Override
            public Map<String, Map<String, Object>> write(String model, String subjectId, Object patch, String actor) {
                written.add(patch);
                return Map.of();
            }
        }, new Hashtable<>(Map.of(ProfileSection.NAME, field, ProfileSection.MODELS, "company")));
        try {
            HttpResponse<String> both = rest.send("PATCH", "/api/v1/companies/" + c.id, "{\"name\":\"Split renamed\",\"" + field + "\":5}");
            assertStatus(200, both);
            assertTrue(both.body().contains("\"name\":\"Split renamed\""), both.body());
            assertEquals(List.of(5), written);

            HttpResponse<String> invalid = rest.send("PATCH", "/api/v1/companies/" + c.id, "{\"name\":\"Not this\",\"" + field + "\":\"x\"}");
            assertStatus(400, invalid);
            assertEquals("Split renamed", companies.get(c.id).orElseThrow().name, "nothing is written when a part is invalid");

            String etag = http.get("/api/v1/companies/" + c.id).headers().firstValue("ETag").orElseThrow();
            assertStatus(412, rest.send("PATCH", "/api/v1/companies/" + c.id, "{\"" + field + "\":6}", "If-Match", "\"999999\""));
            HttpResponse<String> onlyExt = rest.send("PATCH", "/api/v1/companies/" + c.id, "{\"" + field + "\":7}", "If-Match", etag);
            assertStatus(200, onlyExt);
            String after = onlyExt.headers().firstValue("ETag").orElseThrow();
            assertNotEquals(etag, after, "the company's version moves with the fields other bundles own");
            assertEquals(after, http.get("/api/v1/companies/" + c.id).headers().firstValue("ETag").orElseThrow(), "the ETag answered is the one stored");
            assertStatus(412, rest.send("PATCH", "/api/v1/companies/" + c.id, "{\"" + field + "\":9}", "If-Match", etag));
            assertEquals(List.of(5, 7), written);
            assertStatus(404, rest.send("PATCH", "/api/v1/companies/com_nosuch", "{\"" + field + "\":8}"));
            assertEquals(List.of(5, 7), written);
        } finally {
            ext.unregister();
        }
    }

    @Test
    void restFilterOfAStoppedBundleIs400NamingTheParameter() throws Exception {
        Http http = Http.connect();
        http.await("/api/v1/companies?limit=1", 200, false);
        boolean tagFilterRunning = context.getServiceReferences(SubjectFilter.class, "(" + SubjectFilter.PARAMETER + "=tag)").stream()
                .anyMatch(r -> String.valueOf(r.getProperty(SubjectFilter.MODELS) instanceof String[]
                        ? Arrays.asList((String[]) r.getProperty(SubjectFilter.MODELS)) : r.getProperty(SubjectFilter.MODELS)).contains("company"));
        Bundle tags = StoppedBundle.find("io.rapport.tags");
        boolean wasActive = tags.getState() == Bundle.ACTIVE;
        try (StoppedBundle stopped = tagFilterRunning && wasActive ? StoppedBundle.stop(tags) : null) {
            HttpResponse<String> r = http.get("/api/v1/companies?tag=tag_whatever");
            assertStatus(400, r);
            assertTrue(r.body().contains("filtering by tag needs the") && r.body().contains("tags bundle, which is not running"), r.body());
            assertTrue(r.body().contains("\"field\":\"tag\""), r.body());
        }
    }

    @Test
    void stoppingTheBundleTakesItsEndpointsAwayAndStartingBringsThemBack() throws Exception {
        Http http = Http.connect();
        http.await("/api/v1/companies?limit=1", 200, false);
        Company c = companies.create(company("Durable " + unique(), null), "tester");
        try (StoppedBundle stopped = StoppedBundle.stop("io.rapport.companies")) {
            http.await("/api/v1/companies/" + c.id, 404, false);
            assertEquals(200, http.get("/api/v1/people?limit=1").statusCode());
        }
        HttpResponse<String> back = http.await("/api/v1/companies/" + c.id, 200, false);
        assertTrue(back.body().contains(c.name), back.body());
        Set<String> seen = new HashSet<>(ids(awaitService(CompaniesService.class).list(null, null, null, 200).data));
        assertTrue(seen.contains(c.id));
    }
}
