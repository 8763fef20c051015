package io.rapport.search.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.rapport.platform.search.FieldType;

/**
 * Not a test: how long the people bundle's search load takes at scale on embedded Derby (run with
 * -Dsearch.bench.derby=true, -Dsearch.bench.n=...). The tables are the people bundle's (as EclipseLink
 * creates them) and the reads are its provider's: three streamed queries, rows of one person together,
 * written into the index in batches as the search's sink does. Asserts nothing.
 */
@EnabledIfSystemProperty(named = "search.bench.derby", matches = "true")
class DerbyLoadBenchmark {
    private static final Map<String, FieldType> TYPES = Map.of("name", FieldType.TEXT, "avatar_url", FieldType.TEXT, "external_id", FieldType.TEXT,
            "location.city", FieldType.TEXT, "location.region", FieldType.TEXT, "location.country", FieldType.TEXT, "updated_at", FieldType.INSTANT,
            "emails", FieldType.TEXT_LIST, "phones", FieldType.TEXT_LIST);

    @Test
    void loadPeopleFromDerby() throws Exception {
        int n = Integer.getInteger("search.bench.n", 1_000_000);
        // kept under target/ between runs: writing a million people takes minutes
        Path home = Path.of("target", "derby-load-" + n).toAbsolutePath();
        boolean exists = Files.exists(home.resolve("db"));
        System.setProperty("derby.system.home", home.toString());
        System.setProperty("derby.storage.pageCacheSize", "4000");
        String url = "jdbc:derby:" + home.resolve("db") + ";create=true";
        if (!exists) {
            write(url, n);
        }
        load(url, n);
        try {
            DriverManager.getConnection("jdbc:derby:;shutdown=true");
        } catch (java.sql.SQLException expected) {
            // Derby says it shut down with an exception
        }
    }

    private static void write(String url, int n) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE PEOPLE_PERSON (ID VARCHAR(40) NOT NULL PRIMARY KEY, VERSION BIGINT, NAME VARCHAR(255), AVATAR_URL VARCHAR(2048),"
                        + " EXTERNAL_ID VARCHAR(255) UNIQUE, CITY VARCHAR(100), REGION VARCHAR(100), COUNTRY VARCHAR(100), CREATED_AT BIGINT NOT NULL,"
                        + " UPDATED_AT BIGINT NOT NULL)");
                s.execute("CREATE INDEX PEOPLE_PERSON_CREATED ON PEOPLE_PERSON (CREATED_AT, ID)");
                s.execute("CREATE TABLE PEOPLE_EMAIL (EMAIL VARCHAR(254) NOT NULL PRIMARY KEY, PERSON_ID VARCHAR(40) NOT NULL, POSITION INTEGER NOT NULL)");
                s.execute("CREATE INDEX PEOPLE_EMAIL_PERSON ON PEOPLE_EMAIL (PERSON_ID)");
                s.execute("CREATE TABLE PEOPLE_PHONE (PERSON_ID VARCHAR(40), PHONE VARCHAR(40) NOT NULL, POSITION INTEGER)");
                s.execute("CREATE INDEX PEOPLE_PHONE_PHONE ON PEOPLE_PHONE (PHONE)");
                s.execute("ALTER TABLE PEOPLE_PHONE ADD CONSTRAINT FK_PEOPLE_PHONE_PERSON_ID FOREIGN KEY (PERSON_ID) REFERENCES PEOPLE_PERSON (ID)");
            }
            long t0 = System.nanoTime();
            Random r = new Random(1);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO PEOPLE_PERSON VALUES (?, 1, ?, NULL, ?, ?, NULL, ?, ?, ?)");
                    PreparedStatement e = c.prepareStatement("INSERT INTO PEOPLE_EMAIL VALUES (?, ?, ?)");
                    PreparedStatement f = c.prepareStatement("INSERT INTO PEOPLE_PHONE VALUES (?, ?, 0)")) {
                long t = 1_700_000_000_000_000L;
                for (int i = 0; i < n; i++) {
                    String id = "per_" + Integer.toString(r.nextInt(Integer.MAX_VALUE), 36) + Integer.toString(i, 36);
                    t += 1 + r.nextInt(1000);
                    p.setString(1, id);
                    p.setString(2, "Name" + r.nextInt(5000) + " Last" + r.nextInt(5000));
                    p.setString(3, "ext-" + i);
                    p.setString(4, "City " + r.nextInt(1000));
                    p.setString(5, "Country " + r.nextInt(100));
                    p.setLong(6, t);
                    p.setLong(7, t);
                    p.addBatch();
                    int emails = r.nextInt(10) < 3 ? 2 : 1;
                    for (int k = 0; k < emails; k++) {
                        e.setString(1, "user" + i + "." + k + "@example" + r.nextInt(1000) + ".com");
                        e.setString(2, id);
                        e.setInt(3, k);
                        e.addBatch();
                    }
                    if (r.nextInt(10) < 4) {
                        f.setString(1, id);
                        f.setString(2, "+1 555 " + (1_000_000 + r.nextInt(8_999_999)));
                        f.addBatch();
                    }
                    if (i % 5000 == 4999) {
                        p.executeBatch();
                        e.executeBatch();
                        f.executeBatch();
                        c.commit();
                    }
                }
                p.executeBatch();
                e.executeBatch();
                f.executeBatch();
                c.commit();
            }
            System.out.printf("%n== Derby: %d people written in %d ms (setup, not the figure)%n", n, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static void load(String url, int n) throws Exception {
        for (int round = 0; round < 2; round++) {
            long before = usedMemory();
            SearchIndex index = new SearchIndex();
            List<SinkOp> batch = new ArrayList<>();
            long start = System.nanoTime();
            try (Connection c = DriverManager.getConnection(url)) {
                c.setAutoCommit(false);
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT ID, NAME, AVATAR_URL, EXTERNAL_ID, CITY, REGION, COUNTRY, CREATED_AT, UPDATED_AT FROM PEOPLE_PERSON")) {
                    s.setFetchSize(1000);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            String id = rs.getString(1);
                            batch.add(SinkOp.subject(null, "person", id, rs.getLong(8)));
                            set(batch, id, "name", rs.getString(2));
                            set(batch, id, "avatar_url", rs.getString(3));
                            set(batch, id, "external_id", rs.getString(4));
                            set(batch, id, "location.city", rs.getString(5));
                            set(batch, id, "location.region", rs.getString(6));
                            set(batch, id, "location.country", rs.getString(7));
                            set(batch, id, "updated_at", rs.getLong(9));
                            flush(index, batch);
                        }
                    }
                }
                long persons = System.nanoTime();
                lists(c, index, batch, "SELECT PERSON_ID, EMAIL, POSITION FROM PEOPLE_EMAIL", "emails");
                long emails = System.nanoTime();
                lists(c, index, batch, "SELECT PERSON_ID, PHONE, POSITION FROM PEOPLE_PHONE", "phones");
                index.apply(batch, op -> true, null);
                batch.clear();
                c.commit();
                long end = System.nanoTime();
                System.out.printf("== load of %d people from Derby into the index: %d ms (people %d ms, emails %d ms, phones %d ms); index heap %d MiB%n", n,
                        (end - start) / 1_000_000, (persons - start) / 1_000_000, (emails - persons) / 1_000_000, (end - emails) / 1_000_000,
                        (usedMemory() - before) >> 20);
            }
        }
    }

    private static void set(List<SinkOp> batch, String id, String field, Object value) {
        FieldType type = TYPES.get(field);
        batch.add(SinkOp.set(null, "person", id, field, type, Values.normalise(type, value)));
    }

    private static void flush(SearchIndex index, List<SinkOp> batch) {
        if (batch.size() >= 10_000) {
            index.apply(batch, op -> true, null);
            batch.clear();
        }
    }

    /** As the people bundle's provider: the table in stored order, grouped in memory. */
    private static void lists(Connection c, SearchIndex index, List<SinkOp> batch, String sql, String field) throws Exception {
        Map<String, String[]> byPerson = new java.util.HashMap<>();
        long start = System.nanoTime();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    int position = Math.max(0, rs.getInt(3));
                    String[] values = byPerson.get(id);
                    if (values == null || values.length <= position) {
                        values = values == null ? new String[position + 1] : java.util.Arrays.copyOf(values, position + 1);
                        byPerson.put(id, values);
                    }
                    values[position] = rs.getString(2);
                }
            }
        }
        long read = System.nanoTime();
        for (Map.Entry<String, String[]> e : byPerson.entrySet()) {
            set(batch, e.getKey(), field, java.util.Arrays.asList(e.getValue()));
            flush(index, batch);
        }
        System.out.printf("   %s: read and grouped in %d ms, written in %d ms%n", field, (read - start) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
    }

    private static long usedMemory() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
