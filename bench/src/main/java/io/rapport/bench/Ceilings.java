package io.rapport.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * This machine's ceilings, each run in its own JVM with default settings, as the runtime runs in its own:
 * {@code jetty DOCUMENT_FILE} serves a JSON document with a bare Jetty 12 + Jackson servlet until stdin
 * closes; {@code derby DIR CONTACTS SEED} stores the generated contacts with raw batched JDBC into a fresh
 * embedded Derby database and prints the time.
 */
public final class Ceilings {
    private Ceilings() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
        case "jetty" -> jetty(Paths.get(args[1]));
        case "derby" -> derby(Paths.get(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
        default -> throw new IllegalArgumentException("jetty or derby, not " + args[0]);
        }
    }

    /** Serialises the document with Jackson on every GET, as a JAX-RS resource answering a Map does. */
    static final class DocumentServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient ObjectMapper json = new ObjectMapper();
        private final transient Map<String, Object> document;

        DocumentServlet(Map<String, Object> document) {
            this.document = document;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            json.writeValue(response.getOutputStream(), document);
        }
    }

    private static void jetty(Path documentFile) throws Exception {
        Map<String, Object> document = new ObjectMapper().readValue(documentFile.toFile(), new TypeReference<Map<String, Object>>() {
        });
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new DocumentServlet(document)), "/*");
        server.setHandler(context);
        server.start();
        System.out.println("PORT " + connector.getLocalPort());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // runs until the parent closes stdin
            }
        }
        server.stop();
    }

    private static final String[] DDL = {
        "CREATE TABLE PEOPLE_PERSON (ID VARCHAR(40) NOT NULL PRIMARY KEY, VERSION BIGINT, NAME VARCHAR(255), "
                + "AVATAR_URL VARCHAR(2048), EXTERNAL_ID VARCHAR(255) UNIQUE, CITY VARCHAR(100), REGION VARCHAR(100), "
                + "COUNTRY VARCHAR(100), CREATED_AT BIGINT NOT NULL, UPDATED_AT BIGINT NOT NULL)",
        "CREATE INDEX PEOPLE_PERSON_CREATED ON PEOPLE_PERSON (CREATED_AT, ID)",
        "CREATE TABLE PEOPLE_EMAIL (EMAIL VARCHAR(254) NOT NULL PRIMARY KEY, PERSON_ID VARCHAR(40) NOT NULL, POSITION INTEGER NOT NULL)",
        "CREATE INDEX PEOPLE_EMAIL_PERSON ON PEOPLE_EMAIL (PERSON_ID)",
        "CREATE TABLE PEOPLE_PHONE (PERSON_ID VARCHAR(40) NOT NULL, PHONE VARCHAR(40) NOT NULL, POSITION INTEGER)",
        "CREATE INDEX PEOPLE_PHONE_PERSON ON PEOPLE_PHONE (PERSON_ID)",
        "CREATE INDEX PEOPLE_PHONE_PHONE ON PEOPLE_PHONE (PHONE)",
        "CREATE TABLE TAGS_TAG (ID VARCHAR(40) NOT NULL PRIMARY KEY, NAME VARCHAR(100) NOT NULL)",
        "CREATE TABLE TAGS_LINK (TAG_ID VARCHAR(40) NOT NULL, MODEL VARCHAR(20) NOT NULL, SUBJECT_ID VARCHAR(40) NOT NULL, "
                + "CREATED_AT BIGINT NOT NULL, PRIMARY KEY (TAG_ID, MODEL, SUBJECT_ID))",
        "CREATE INDEX TAGS_LINK_SUBJECT ON TAGS_LINK (MODEL, SUBJECT_ID)",
        "CREATE TABLE ATTRIBUTES_VALUE (MODEL VARCHAR(20) NOT NULL, SUBJECT_ID VARCHAR(40) NOT NULL, ATTR_KEY VARCHAR(63) NOT NULL, "
                + "ITEM INTEGER NOT NULL, STORAGE VARCHAR(12) NOT NULL, TEXT_VALUE VARCHAR(4000), TEXT_KEY VARCHAR(200), "
                + "NUMBER_VALUE DECIMAL(31,10), BOOL_VALUE SMALLINT, TIME_VALUE BIGINT, RAW VARCHAR(32000), UPDATED_AT BIGINT NOT NULL, "
                + "PRIMARY KEY (MODEL, SUBJECT_ID, ATTR_KEY, ITEM))",
        "CREATE INDEX ATTRIBUTES_VALUE_TEXT ON ATTRIBUTES_VALUE (MODEL, ATTR_KEY, TEXT_KEY)",
        "CREATE INDEX ATTRIBUTES_VALUE_NUMBER ON ATTRIBUTES_VALUE (MODEL, ATTR_KEY, NUMBER_VALUE)",
        "CREATE INDEX ATTRIBUTES_VALUE_TIME ON ATTRIBUTES_VALUE (MODEL, ATTR_KEY, TIME_VALUE)",
        "CREATE INDEX ATTRIBUTES_VALUE_BOOL ON ATTRIBUTES_VALUE (MODEL, ATTR_KEY, BOOL_VALUE)" };

    private static final char[] ID_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private static String newId(SecureRandom random, String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length() + 21).append(prefix).append('_');
        for (int i = 0; i < 20; i++) {
            sb.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        return sb.toString();
    }

    /**
     * The same rows the runtime's tables need for a contact, in the runtime's table shapes and indexes:
     * a person, its emails, its phone, 3 tag links, 2 attribute values; 1000 contacts per batch and commit.
     */
    private static void derby(Path dir, int count, long seed) throws SQLException {
        System.setProperty("derby.system.home", dir.toString());
        System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        // the page cache the runtime gives Derby (io.rapport.persistence DatabaseManager), so both store alike
        System.setProperty("derby.storage.pageCacheSize", "8000");
        Contacts contacts = new Contacts(seed, count);
        SecureRandom random = new SecureRandom();
        String url = "jdbc:derby:" + dir.resolve("db") + ";create=true";
        long opened = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                for (String ddl : DDL) {
                    s.execute(ddl);
                }
            }
            c.setAutoCommit(false);
            String[] tagIds = new String[Contacts.TAGS];
            try (PreparedStatement tag = c.prepareStatement("INSERT INTO TAGS_TAG (ID, NAME) VALUES (?, ?)")) {
                for (int t = 0; t < Contacts.TAGS; t++) {
                    tagIds[t] = newId(random, "tag");
                    tag.setString(1, tagIds[t]);
                    tag.setString(2, Contacts.tagName(t));
                    tag.addBatch();
                }
                tag.executeBatch();
            }
            c.commit();
            System.err.println("derby: database created in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened) + " ms");
            long t0 = System.nanoTime();
            try (PreparedStatement person = c.prepareStatement("INSERT INTO PEOPLE_PERSON (ID, VERSION, NAME, AVATAR_URL, EXTERNAL_ID, "
                    + "CITY, REGION, COUNTRY, CREATED_AT, UPDATED_AT) VALUES (?, 1, ?, NULL, ?, ?, NULL, ?, ?, ?)");
                    PreparedStatement email = c.prepareStatement("INSERT INTO PEOPLE_EMAIL (EMAIL, PERSON_ID, POSITION) VALUES (?, ?, ?)");
                    PreparedStatement phone = c.prepareStatement("INSERT INTO PEOPLE_PHONE (PERSON_ID, PHONE, POSITION) VALUES (?, ?, 0)");
                    PreparedStatement link = c.prepareStatement("INSERT INTO TAGS_LINK (TAG_ID, MODEL, SUBJECT_ID, CREATED_AT) VALUES (?, 'person', ?, ?)");
                    PreparedStatement value = c.prepareStatement("INSERT INTO ATTRIBUTES_VALUE (MODEL, SUBJECT_ID, ATTR_KEY, ITEM, STORAGE, "
                            + "TEXT_VALUE, TEXT_KEY, NUMBER_VALUE, RAW, UPDATED_AT) VALUES ('person', ?, ?, 0, ?, ?, ?, ?, ?, ?)")) {
                List<PreparedStatement> all = List.of(person, email, phone, link, value);
                Contacts.Contact[] batch = new Contacts.Contact[1000];
                String[] ids = new String[batch.length];
                for (int from = 0; from < count; from += batch.length) {
                    int size = Math.min(batch.length, count - from);
                    // generating the data is not part of the figure
                    long paused = System.nanoTime();
                    for (int b = 0; b < size; b++) {
                        batch[b] = contacts.contact(from + b);
                        ids[b] = newId(random, "per");
                    }
                    t0 += System.nanoTime() - paused;
                    for (int b = 0; b < size; b++) {
                        Contacts.Contact k = batch[b];
                        String id = ids[b];
                        long now = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis()) + from + b;
                        person.setString(1, id);
                        person.setString(2, k.name);
                        person.setString(3, k.externalId);
                        person.setString(4, k.city);
                        person.setString(5, k.country);
                        person.setLong(6, now);
                        person.setLong(7, now);
                        person.addBatch();
                        for (int e = 0; e < k.emails.size(); e++) {
                            email.setString(1, k.emails.get(e));
                            email.setString(2, id);
                            email.setInt(3, e);
                            email.addBatch();
                        }
                        phone.setString(1, id);
                        phone.setString(2, k.phone);
                        phone.addBatch();
                        for (int t : k.tags) {
                            link.setString(1, tagIds[t]);
                            link.setString(2, id);
                            link.setLong(3, now);
                            link.addBatch();
                        }
                        value.setString(1, id);
                        value.setString(2, "plan");
                        value.setString(3, "TEXT");
                        value.setString(4, k.plan);
                        value.setString(5, k.plan);
                        value.setNull(6, java.sql.Types.DECIMAL);
                        value.setString(7, "\"" + k.plan + "\"");
                        value.setLong(8, now);
                        value.addBatch();
                        value.setString(1, id);
                        value.setString(2, "seats");
                        value.setString(3, "NUMBER");
                        value.setNull(4, java.sql.Types.VARCHAR);
                        value.setNull(5, java.sql.Types.VARCHAR);
                        value.setBigDecimal(6, BigDecimal.valueOf(k.seats));
                        value.setString(7, Integer.toString(k.seats));
                        value.setLong(8, now);
                        value.addBatch();
                    }
                    for (PreparedStatement p : all) {
                        p.executeBatch();
                    }
                    c.commit();
                    if ((from / batch.length) % 50 == 49) {
                        System.err.println("derby: " + (from + size) + " contacts at " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
                    }
                }
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.println("RESULT contacts=" + count + " millis=" + millis);
        }
        long closing = System.nanoTime();
        try {
            DriverManager.getConnection("jdbc:derby:;shutdown=true");
        } catch (SQLException expected) {
            // Derby answers a shutdown with an exception
        }
        System.err.println("derby: shut down in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing) + " ms");
    }

    /** Runs {@code Ceilings} with {@code args} in a child JVM on this classpath; stderr goes to {@code log}. */
    static Process child(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.eclipse.jetty.LEVEL=WARN", "-cp", System.getProperty("java.class.path"), Ceilings.class.getName()));
        command.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
        return child;
    }
}
