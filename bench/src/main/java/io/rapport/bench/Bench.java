package io.rapport.bench;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The benchmark suite: starts the exported runtime with a fresh home, imports generated contacts, drives
 * load on loopback, measures this machine's ceilings (bare Jetty GET, raw Derby batched inserts) and
 * hot deploy, then prints one table and writes it to docs/benchmarks.md. See bench/README.md.
 */
public final class Bench {
    static final String[] PHASES = { "start", "idle-rss", "setup", "import", "links", "get", "search", "dashboard",
        "post", "hot-deploy", "ceiling-jetty", "ceiling-derby" };
    /** Suffix of the name of a search scenario run on one connection. */
    static final String SINGLE = " (1 connection)";
    static final String JOBS_DONE = "done completed complete succeeded success finished failed error cancelled canceled aborted";

    /** What one phase produced: figures by name, load results, or why it failed. */
    static final class Phase {
        final String name;
        String error;
        boolean skipped;
        final Map<String, Double> numbers = new LinkedHashMap<>();
        final List<Load.Result> loads = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        Phase(String name) {
            this.name = name;
        }

        boolean ok() {
            return error == null && !skipped;
        }
    }

    /** A query of the search suite, with the naive evaluation of it over the generated data. */
    static final class SearchQuery {
        final String name;
        final Object query;
        final Predicate<Contacts.Contact> matches;
        long expected;

        SearchQuery(String name, Object query, Predicate<Contacts.Contact> matches) {
            this.name = name;
            this.query = query;
            this.matches = matches;
        }
    }

    final Options options;
    final Map<String, Phase> phases = new LinkedHashMap<>();
    final Contacts contacts;
    final List<SearchQuery> suite;
    String markdown;
    String loadBefore;
    String loadAfter;
    private Path work;
    private RapportRuntime runtime;
    private Api api;
    private final List<String> personIds = new ArrayList<>();
    private final Map<Integer, String> personByIndex = new java.util.HashMap<>();
    private final List<String> companyIds = new ArrayList<>();
    private String personDocument;
    private long imported;

    Bench(Options options) {
        this.options = options;
        this.contacts = new Contacts(options.seed, options.contacts);
        this.suite = suite();
        for (String p : PHASES) {
            phases.put(p, new Phase(p));
        }
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Bench bench = new Bench(options);
        bench.run();
        long failed = bench.phases.values().stream().filter(p -> p.error != null).count();
        System.exit(failed == 0 ? 0 : 1);
    }

    private static Map<String, Object> cond(String field, String operator, Object value) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("field", field);
        c.put("operator", operator);
        c.put("value", value);
        return c;
    }

    private static String industry(Contacts.Contact c) {
        return c.company < 0 ? null : Contacts.INDUSTRIES[c.company % Contacts.INDUSTRIES.length];
    }

    private static boolean hasTag(Contacts.Contact c, int tag) {
        return c.tags[0] == tag || c.tags[1] == tag || c.tags[2] == tag;
    }

    /** The fixed search suite of issue 5. */
    static List<SearchQuery> suite() {
        List<SearchQuery> s = new ArrayList<>();
        s.add(new SearchQuery("email contains", cond("emails", "contains", "northwind"),
                c -> c.emails.stream().anyMatch(e -> e.contains("northwind"))));
        s.add(new SearchQuery("name starts_with", cond("name", "starts_with", "Mar"),
                c -> c.name.toLowerCase(Locale.ROOT).startsWith("mar")));
        s.add(new SearchQuery("tag =", cond("tags", "=", Contacts.tagName(42)), c -> hasTag(c, 42)));
        s.add(new SearchQuery("attribute =", cond("attributes.plan", "=", "enterprise"), c -> c.plan.equals("enterprise")));
        s.add(new SearchQuery("attribute between", cond("attributes.seats", "between", List.of(100, 200)),
                c -> c.seats >= 100 && c.seats <= 200));
        s.add(new SearchQuery("tag AND attribute AND companies.industry",
                Map.of("and", List.of(cond("tags", "=", Contacts.tagName(7)), cond("attributes.plan", "=", "basic"),
                        cond("companies.industry", "=", "Software"))),
                c -> hasTag(c, 7) && c.plan.equals("basic") && "Software".equals(industry(c))));
        s.add(new SearchQuery("3-level and/or",
                Map.of("or", List.of(
                        Map.of("and", List.of(cond("tags", "=", Contacts.tagName(1)),
                                Map.of("or", List.of(cond("attributes.seats", ">", 400), cond("emails", "ends_with", ".org"))))),
                        Map.of("and", List.of(cond("name", "starts_with", "Zoe"),
                                cond("attributes.plan", "in", List.of("pro", "enterprise")))))),
                c -> (hasTag(c, 1) && (c.seats > 400 || c.emails.stream().anyMatch(e -> e.endsWith(".org"))))
                        || (c.name.startsWith("Zoe") && (c.plan.equals("pro") || c.plan.equals("enterprise")))));
        return s;
    }

    interface Body {
        void run(Phase phase) throws Exception;
    }

    private void phase(String name, Body body) {
        Phase phase = phases.get(name);
        if (options.skip.contains(name)) {
            phase.skipped = true;
            log(name + ": skipped");
            return;
        }
        long t0 = System.nanoTime();
        log(name + ": running");
        try {
            body.run(phase);
            log(name + ": done in " + seconds(t0) + " s " + phase.numbers);
        } catch (Exception e) {
            phase.error = e.getMessage() == null ? e.toString() : e.getMessage();
            log(name + ": FAILED: " + Api.abbreviate(phase.error, 4000));
            if (!(e instanceof IllegalStateException)) {
                e.printStackTrace(System.out);
            }
        }
    }

    static void log(String line) {
        System.out.println("[bench] " + line);
        System.out.flush();
    }

    private static String seconds(long t0) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
    }

    /** Runs every phase (a failed phase is reported and the run goes on), prints the table, writes the docs. */
    Bench run() throws Exception {
        String machine = Machine.describe();
        loadBefore = Machine.loadAverage();
        log("machine: " + machine + ", load average " + loadBefore);
        log("command: " + options.command);
        work = Files.createTempDirectory("rapport-bench");
        Thread cleanup = new Thread(() -> delete(work));
        if (!options.keep) {
            // an interrupted run leaves no temporary homes and databases behind
            Runtime.getRuntime().addShutdownHook(cleanup);
        }
        try {
            runtimePhases();
            phase("ceiling-jetty", this::ceilingJetty);
            phase("ceiling-derby", this::ceilingDerby);
        } finally {
            if (runtime != null) {
                runtime.close();
                keepLogOnErrors();
            }
            if (!options.keep) {
                delete(work);
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } else {
                log("kept " + work);
            }
        }
        loadAfter = Machine.loadAverage();
        markdown = Report.markdown(this, machine);
        System.out.println();
        System.out.println(markdown);
        if (options.writeDocs) {
            Report.writeDocs(options.docs, markdown);
            log("written to " + options.docs);
        }
        return this;
    }

    /**
     * A phase that failed (a 500 names an incident in the runtime's log): the log outlives the temporary
     * home, in bench/target, so that the incident can be read.
     */
    private void keepLogOnErrors() {
        if (phases.values().stream().allMatch(ph -> ph.skipped || ph.ok()) || !Files.exists(runtime.log)) {
            return;
        }
        try {
            Path kept = options.repo.resolve("bench/target/rapport-runtime-" + java.time.LocalDateTime.now().withNano(0).toString().replace(':', '-') + ".log");
            Files.createDirectories(kept.getParent());
            Files.copy(runtime.log, kept);
            log("a phase failed: the runtime's log is kept in " + kept);
        } catch (IOException e) {
            log("could not keep the runtime's log: " + e);
        }
    }

    private void runtimePhases() throws Exception {
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        // The hot-deploy plugin's configuration waits for its bundle, as in HotDeployIT; the body limit
        // is raised so one import request can carry a whole chunk of rows.
        Files.writeString(home.resolve("etc/io.rapport.channel.webhook-bench.cfg"), "channel=webhook\nsecret=bench-webhook-secret-0123456789abcdefghijklmnop\n");
        Files.writeString(home.resolve("etc/io.rapport.rest.cfg"), "max.body.bytes=4294967296\n");
        phase("start", p -> {
            runtime = new RapportRuntime(home);
            runtime.start(options.jar);
            api = new Api(runtime.base(), runtime.token);
            p.numbers.put("start_ms", (double) runtime.startMillis);
        });
        if (!phases.get("start").ok()) {
            for (String name : List.of("idle-rss", "setup", "import", "links", "get", "search", "dashboard", "post", "hot-deploy")) {
                if (options.skip.contains("start")) {
                    phases.get(name).skipped = true;
                } else if (!options.skip.contains(name)) {
                    phases.get(name).error = "the runtime did not start";
                }
            }
            return;
        }
        phase("idle-rss", p -> {
            Thread.sleep((long) (options.idleSeconds * 1000));
            p.numbers.put("rss_mib", runtime.rssKiB() / 1024.0);
        });
        phase("setup", this::setup);
        phase("import", this::importContacts);
        phase("links", this::links);
        phase("get", this::getById);
        phase("search", this::search);
        // after the search suite (the index is complete) and before POST adds people
        phase("dashboard", p -> {
            List<Object> filters = new ArrayList<>();
            suite.forEach(q -> filters.add(q.query));
            DashboardBench.run(p, api, runtime.base(), filters);
        });
        phase("post", this::post);
        phase("hot-deploy", this::hotDeploy);
        if (runtime.alive()) {
            phases.get("idle-rss").numbers.put("rss_end_mib", runtime.rssKiB() / 1024.0);
        }
        runtime.close();
    }

    private String hostPort() {
        return "localhost:" + runtime.port;
    }

    private byte[] json(String method, String path, Object body) throws IOException {
        return HttpConnection.request(method, path, hostPort(), runtime.token, "application/json",
                body == null ? null : Api.JSON.writeValueAsBytes(body));
    }

    /** Attribute definitions, the 100 tags and the companies: what the import rows refer to. */
    private void setup(Phase p) throws Exception {
        long t0 = System.nanoTime();
        Api.expect(api.post("/api/v1/attributes", Map.of("key", "plan", "model", "person", "label", "Plan", "type", "list",
                "options", List.of(Contacts.PLANS))), 201);
        Api.expect(api.post("/api/v1/attributes", Map.of("key", "seats", "model", "person", "label", "Seats", "type", "number")), 201);
        Load.Batch tags = Load.batch("localhost", runtime.port, options.workers, Contacts.TAGS, false,
                i -> jsonUnchecked("POST", "/api/v1/tags", Map.of("name", Contacts.tagName(i))));
        check("tags", tags);
        int n = contacts.companies();
        Load.Batch companies = Load.batch("localhost", runtime.port, options.workers, n, true,
                i -> jsonUnchecked("POST", "/api/v1/companies", contacts.company(i)));
        check("companies", companies);
        for (String body : companies.bodies) {
            companyIds.add(Api.JSON.readTree(body).get("id").asText());
        }
        p.numbers.put("companies", (double) n);
        p.numbers.put("companies_per_s", n / companies.seconds);
        p.numbers.put("setup_s", (System.nanoTime() - t0) / 1e9);
    }

    private byte[] jsonUnchecked(String method, String path, Object body) {
        try {
            return json(method, path, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(String what, Load.Batch b) {
        if (!b.errors.isEmpty()) {
            throw new IllegalStateException(what + ": " + b.errors + ", first: " + Api.abbreviate(b.firstError, 800));
        }
    }

    /** NDJSON chunks written first (not timed), then each POSTed as an import job and polled until done. */
    private void importContacts(Phase p) throws Exception {
        List<Path> chunks = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (SearchQuery q : suite) {
            q.expected = 0;
        }
        OutputStream out = null;
        long bytes = 0;
        for (int i = 0; i < options.contacts; i++) {
            if (i % options.importChunk == 0) {
                if (out != null) {
                    out.close();
                }
                Path chunk = work.resolve("import-" + chunks.size() + ".ndjson");
                chunks.add(chunk);
                rows.add(Math.min(options.importChunk, options.contacts - i));
                out = new BufferedOutputStream(Files.newOutputStream(chunk), 1 << 16);
            }
            Contacts.Contact c = contacts.contact(i);
            byte[] line = Api.JSON.writeValueAsBytes(contacts.importRow(c));
            out.write(line);
            out.write('\n');
            bytes += line.length + 1;
            for (SearchQuery q : suite) {
                if (q.matches.test(c)) {
                    q.expected++;
                }
            }
        }
        out.close();
        log(String.format(Locale.ROOT, "import: %d rows, %.1f MiB of NDJSON in %d request(s)", options.contacts, bytes / 1048576.0, chunks.size()));
        long t0 = System.nanoTime();
        long done = 0;
        long failed = 0;
        for (int k = 0; k < chunks.size(); k++) {
            HttpResponse<String> r = api.send("POST", "/api/v1/people/import", "application/x-ndjson",
                    HttpRequest.BodyPublishers.ofFile(chunks.get(k)), Duration.ofMinutes(60));
            JsonNode job = Api.expect(r, 200, 201, 202);
            String id = job.path("id").asText(null);
            if (id == null) {
                id = r.headers().firstValue("Location").map(l -> l.substring(l.lastIndexOf('/') + 1)).orElse(null);
            }
            if (id == null) {
                throw new IllegalStateException("The import answered no job id: " + Api.abbreviate(r.body(), 600));
            }
            long deadline = System.currentTimeMillis() + 120_000 + rows.get(k) * 20L;
            while (!terminal(job)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Job " + id + " did not finish in time: " + job);
                }
                Thread.sleep(100);
                job = Api.expect(api.get("/api/v1/jobs/" + id), 200);
            }
            if (stateOf(job).startsWith("fail") || stateOf(job).startsWith("error") || stateOf(job).startsWith("abort")) {
                throw new IllegalStateException("Job " + id + " ended " + stateOf(job) + ": " + Api.abbreviate(job.toString(), 1500));
            }
            long ok = job.path("rows_done").asLong(0);
            long bad = job.path("rows_failed").asLong(0);
            done += ok;
            failed += bad;
            if (bad > 0) {
                p.notes.add("job " + id + ": " + bad + " rows failed, e.g. " + Api.abbreviate(String.valueOf(job.path("errors")), 400));
            }
            log("import: job " + id + " " + stateOf(job) + ", rows ok " + ok + ", failed " + bad + " at " + seconds(t0) + " s");
        }
        double s = (System.nanoTime() - t0) / 1e9;
        imported = done;
        p.numbers.put("contacts", (double) done);
        p.numbers.put("rows_failed", (double) failed);
        p.numbers.put("seconds", s);
        p.numbers.put("contacts_per_s", done / s);
        p.numbers.put("requests", (double) chunks.size());
        if (failed > 0) {
            throw new IllegalStateException(failed + " rows failed: " + p.notes);
        }
        for (Path chunk : chunks) {
            Files.deleteIfExists(chunk);
        }
    }

    private static String stateOf(JsonNode job) {
        String s = job.path("state").asText(job.path("status").asText(""));
        return s.toLowerCase(Locale.ROOT);
    }

    private static boolean terminal(JsonNode job) {
        String s = stateOf(job);
        return !s.isEmpty() && JOBS_DONE.contains(s);
    }

    /** Every person's id (paged list); the index of the generated contact from its external id. */
    private void listPeople() throws Exception {
        personIds.clear();
        personByIndex.clear();
        String cursor = null;
        do {
            JsonNode page = Api.expect(api.get("/api/v1/people?limit=200" + (cursor == null ? "" : "&cursor=" + cursor)), 200);
            for (JsonNode person : page.get("data")) {
                String id = person.get("id").asText();
                personIds.add(id);
                String ext = person.path("external_id").asText("");
                if (ext.startsWith("bench-")) {
                    personByIndex.put(Integer.parseInt(ext.substring(6)), id);
                }
            }
            cursor = page.path("next_cursor").isTextual() ? java.net.URLEncoder.encode(page.get("next_cursor").asText(), StandardCharsets.UTF_8) : null;
        } while (cursor != null);
    }

    /** Links the 20% of contacts that have a company (the import rows carry no company): timed on its own. */
    private void links(Phase p) throws Exception {
        long t0 = System.nanoTime();
        listPeople();
        p.numbers.put("list_ids_s", (System.nanoTime() - t0) / 1e9);
        if (personIds.isEmpty()) {
            throw new IllegalStateException("No people to link: the import stored none");
        }
        if (companyIds.isEmpty()) {
            throw new IllegalStateException("No companies (setup failed)");
        }
        List<int[]> pairs = new ArrayList<>();
        for (Map.Entry<Integer, String> e : personByIndex.entrySet()) {
            int company = contacts.contact(e.getKey()).company;
            if (company >= 0) {
                pairs.add(new int[] { e.getKey(), company });
            }
        }
        Load.Batch b = Load.batch("localhost", runtime.port, options.workers, pairs.size(), false, i -> HttpConnection.request("PUT",
                "/api/v1/companies/" + companyIds.get(pairs.get(i)[1]) + "/people/" + personByIndex.get(pairs.get(i)[0]),
                hostPort(), runtime.token, null, new byte[0]));
        check("links", b);
        p.numbers.put("links", (double) b.ok);
        p.numbers.put("seconds", b.seconds);
        p.numbers.put("links_per_s", b.ok / b.seconds);
    }

    private Load.Result load(Phase p, String name, boolean keepSample, Load.Requests requests) throws InterruptedException {
        return load(p, name, options.workers, keepSample, requests);
    }

    private Load.Result load(Phase p, String name, int workers, boolean keepSample, Load.Requests requests) throws InterruptedException {
        Load.Result r = Load.run(name, "localhost", runtime.port, workers, options.warmup, options.seconds, keepSample, requests);
        p.loads.add(r);
        log(String.format(Locale.ROOT, "%s: %.0f req/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, errors %s", name, r.perSecond(),
                r.percentileMillis(50), r.percentileMillis(95), r.percentileMillis(99), r.errorSummary()));
        if (r.firstError != null) {
            log(name + ": first error: " + Api.abbreviate(r.firstError, 600));
        }
        return r;
    }

    private void getById(Phase p) throws Exception {
        if (personIds.isEmpty()) {
            listPeople();
        }
        if (personIds.isEmpty()) {
            throw new IllegalStateException("No people to read: the import stored none");
        }
        String[] ids = personIds.toArray(new String[0]);
        // at most a minute plus a minute per 100k contacts (the consumers catch up at several thousand changes a second)
        p.numbers.put("waited_for_idle_s", runtime.awaitIdle(60 + options.contacts / 100_000 * 60));
        Load.Result r = load(p, "GET /api/v1/people/{id}", true, (w, n, random) -> HttpConnection.request("GET",
                "/api/v1/people/" + ids[random.nextInt(ids.length)], hostPort(), runtime.token, null, null));
        personDocument = r.sample;
        p.numbers.put("req_per_s", r.perSecond());
        p.numbers.put("p95_ms", r.percentileMillis(95));
        p.numbers.put("errors", (double) r.errorCount());
        if (r.ok == 0) {
            throw new IllegalStateException("no successful GET: " + r.firstError);
        }
    }

    /** Waits until the index holds every imported person and the links, then runs each query of the suite. */
    private void search(Phase p) throws Exception {
        long t0 = System.nanoTime();
        long deadline = System.currentTimeMillis() + 60_000 + options.contacts / 10;
        long total = -1;
        while (true) {
            HttpResponse<String> r = api.post("/api/v1/people/search", Map.of("limit", 1));
            if (r.statusCode() != 200) {
                throw new IllegalStateException("POST /api/v1/people/search answered " + r.statusCode() + ": " + Api.abbreviate(r.body(), 600));
            }
            total = Api.JSON.readTree(r.body()).path("total").asLong(-1);
            if (total >= imported || System.currentTimeMillis() > deadline) {
                break;
            }
            Thread.sleep(100);
        }
        SearchQuery linked = suite.get(5);
        while (System.currentTimeMillis() < deadline && !phases.get("links").skipped && phases.get("links").ok()) {
            HttpResponse<String> r = api.post("/api/v1/people/search", Map.of("query", linked.query, "limit", 1));
            if (r.statusCode() != 200 || Api.JSON.readTree(r.body()).path("total").asLong(-1) == linked.expected) {
                break;
            }
            Thread.sleep(100);
        }
        p.numbers.put("index_caught_up_s", (System.nanoTime() - t0) / 1e9);
        if (total < imported) {
            p.notes.add("the index held " + total + " of " + imported + " people when the deadline passed");
        }
        List<String> failures = new ArrayList<>();
        for (SearchQuery q : suite) {
            byte[] request = json("POST", "/api/v1/people/search", Map.of("query", q.query, "limit", 50));
            // one connection: the query's own time; then all workers: throughput, and latency with queueing
            Load.Result single = load(p, "search: " + q.name + SINGLE, 1, false, (w, n, random) -> request);
            if (single.ok == 0 || single.errorCount() > 0) {
                failures.add(q.name + " (1 connection): " + single.errorSummary() + " " + Api.abbreviate(single.firstError, 300));
            }
            p.numbers.put(q.name + " p95_ms_1", single.percentileMillis(95));
            Load.Result r = load(p, "search: " + q.name, true, (w, n, random) -> request);
            double matches = Double.NaN;
            if (r.sample != null) {
                matches = Api.JSON.readTree(r.sample).path("total").asDouble(Double.NaN);
            }
            p.numbers.put(q.name + " p95_ms", r.percentileMillis(95));
            p.numbers.put(q.name + " total", matches);
            p.numbers.put(q.name + " expected", (double) q.expected);
            if (r.ok == 0 || r.errorCount() > 0) {
                failures.add(q.name + ": " + r.errorSummary() + " " + Api.abbreviate(r.firstError, 300));
            }
            if (!Double.isNaN(matches) && matches != q.expected) {
                p.notes.add("search '" + q.name + "' answered total " + (long) matches + " where the naive evaluation expects " + q.expected);
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("search errors: " + String.join("; ", failures));
        }
    }

    private void post(Phase p) throws Exception {
        String nonce = Long.toString(System.currentTimeMillis(), 36);
        Load.Result r = load(p, "POST /api/v1/people", false, (w, n, random) -> jsonUnchecked("POST", "/api/v1/people", Map.of(
                "name", "Bench Post " + w + "-" + n,
                "emails", List.of("post-" + nonce + "-" + w + "-" + n + "@bench-post.example.com"),
                "phones", List.of("+14155550100"),
                "location", Map.of("city", "Paris", "country", "FR"))));
        p.numbers.put("req_per_s", r.perSecond());
        p.numbers.put("p95_ms", r.percentileMillis(95));
        p.numbers.put("errors", (double) r.errorCount());
        if (r.ok == 0 || r.errorCount() > 0) {
            throw new IllegalStateException("POST errors: " + r.errorSummary() + " " + Api.abbreviate(r.firstError, 300));
        }
    }

    /** The webhook plugin jar moved into deploy/ until POST /hooks/webhook answers 401 (unsigned) instead of 404. */
    private void hotDeploy(Phase p) throws Exception {
        Path source;
        Path dir = options.repository.resolve("io/rapport/io.rapport.channel.webhook");
        try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            source = files.filter(f -> f.getFileName().toString().matches("io\\.rapport\\.channel\\.webhook-.*\\.jar"))
                    .max(Comparator.comparing(Path::toString)).orElseThrow(() -> new IllegalStateException(
                            "No webhook plugin jar under " + dir + ": build the runtime module"));
        }
        Path deploy = runtime.home.resolve("deploy");
        Files.createDirectories(deploy);
        Path part = deploy.resolve("io.rapport.channel.webhook.part");
        Path dropped = deploy.resolve("io.rapport.channel.webhook.jar");
        byte[] hook = HttpConnection.request("POST", "/hooks/webhook", hostPort(), null, "application/json",
                "{}".getBytes(StandardCharsets.UTF_8));
        List<Long> runs = new ArrayList<>();
        try (HttpConnection c = new HttpConnection("localhost", runtime.port)) {
            int before = c.exchange(hook, false);
            if (before != 404) {
                throw new IllegalStateException("POST /hooks/webhook answered " + before + " before the plugin was dropped, not 404");
            }
            for (int i = 0; i < options.hotDeployRuns; i++) {
                Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
                long t0 = System.nanoTime();
                Files.move(part, dropped, StandardCopyOption.ATOMIC_MOVE);
                awaitStatus(c, hook, 401, t0);
                runs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                Files.delete(dropped);
                awaitStatus(c, hook, 404, System.nanoTime());
                Thread.sleep(600); // lets FileInstall forget the file before the next drop
            }
        }
        List<Long> sorted = new ArrayList<>(runs);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        p.numbers.put("median_ms", median);
        p.notes.add("runs (ms): " + runs);
    }

    private static void awaitStatus(HttpConnection c, byte[] request, int status, long t0) throws Exception {
        while (true) {
            int s;
            try {
                s = c.exchange(request, false);
            } catch (IOException e) {
                s = -1;
            }
            if (s == status) {
                return;
            }
            if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(30)) {
                throw new IllegalStateException("POST /hooks/webhook did not answer " + status + " within 30 s (last " + s + ")");
            }
            Thread.sleep(2);
        }
    }

    /** A bare Jetty + Jackson servlet in its own JVM answering the person document, under the same load. */
    private void ceilingJetty(Phase p) throws Exception {
        String document = personDocument != null ? personDocument
                : Api.JSON.writeValueAsString(contacts.personDocument(contacts.contact(0)));
        p.notes.add(personDocument != null ? "document: a person as GET /api/v1/people/{id} answered it (" + document.length() + " bytes)"
                : "document: a generated person (" + document.length() + " bytes; no GET answer was captured)");
        Path file = work.resolve("person.json");
        Files.writeString(file, document);
        Process jetty = Ceilings.child(work.resolve("ceiling-jetty.log"), "jetty", file.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jetty.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("PORT ")) {
                throw new IllegalStateException("The Jetty ceiling did not start: " + line + " " + readLog(work.resolve("ceiling-jetty.log")));
            }
            int port = Integer.parseInt(line.substring(5).trim());
            // the same requests as the GET scenario, built the same way (the servlet ignores the path)
            String[] ids = personIds.isEmpty() ? new String[] { "per_k3jz8q2mx7wbn4hdt5ra" } : personIds.toArray(new String[0]);
            String token = runtime == null || runtime.token == null ? "rpt_none" : runtime.token;
            Load.Result r = Load.run("bare Jetty GET", "127.0.0.1", port, options.workers, options.warmup, options.seconds, false,
                    (w, n, random) -> HttpConnection.request("GET", "/api/v1/people/" + ids[random.nextInt(ids.length)],
                            "localhost:" + port, token, null, null));
            p.loads.add(r);
            log(String.format(Locale.ROOT, "bare Jetty GET: %.0f req/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, errors %s", r.perSecond(),
                    r.percentileMillis(50), r.percentileMillis(95), r.percentileMillis(99), r.errorSummary()));
            p.numbers.put("req_per_s", r.perSecond());
            if (r.ok == 0 || r.errorCount() > 0) {
                throw new IllegalStateException("bare Jetty errors: " + r.errorSummary() + " " + r.firstError);
            }
        } finally {
            jetty.getOutputStream().close();
            if (!jetty.waitFor(20, TimeUnit.SECONDS)) {
                jetty.destroyForcibly();
            }
        }
    }

    /** Raw Derby batched JDBC inserts of the same contacts, in its own JVM and a fresh database. */
    private void ceilingDerby(Phase p) throws Exception {
        Path dir = work.resolve("derby-ceiling");
        Files.createDirectories(dir);
        Process derby = Ceilings.child(work.resolve("ceiling-derby.log"), "derby", dir.toString(),
                Integer.toString(options.contacts), Long.toString(options.seed));
        derby.getOutputStream().close();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(derby.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        int exit = derby.waitFor();
        if (result == null || exit != 0) {
            throw new IllegalStateException("The Derby ceiling failed (exit " + exit + "): " + readLog(work.resolve("ceiling-derby.log")));
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (String kv : result.substring(7).split(" ")) {
            String[] parts = kv.split("=");
            values.put(parts[0], Double.parseDouble(parts[1]));
        }
        double s = values.get("millis") / 1000.0;
        p.numbers.put("contacts", values.get("contacts"));
        p.numbers.put("seconds", s);
        p.numbers.put("contacts_per_s", values.get("contacts") / s);
    }

    private static String readLog(Path log) {
        try {
            return Files.exists(log) ? Api.abbreviate(Files.readString(log), 3000) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void delete(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            log("could not delete " + root + ": " + e);
        }
    }
}
