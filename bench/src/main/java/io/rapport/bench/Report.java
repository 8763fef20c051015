package io.rapport.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table of one run, in Markdown: printed, and put on top of docs/benchmarks.md. */
final class Report {
    private Report() {
    }

    private static final class Row {
        final String[] cells;

        Row(String... cells) {
            this.cells = cells;
        }
    }

    private static String f0(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String latency(Load.Result r) {
        return f2(r.percentileMillis(50)) + " / " + f2(r.percentileMillis(95)) + " / " + f2(r.percentileMillis(99));
    }

    private static String met(boolean yes) {
        return yes ? "**yes**" : "no";
    }

    private static double num(Bench.Phase p, String key) {
        Double v = p.numbers.get(key);
        return v == null ? Double.NaN : v;
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    private static Row failed(String figure, Bench.Phase p) {
        return new Row(figure, p.skipped ? "skipped" : "failed: " + Api.abbreviate(p.error, 300), "", "", "", "", "", "–");
    }

    static String markdown(Bench bench, String machine) {
        Options o = bench.options;
        Bench.Phase start = bench.phases.get("start");
        Bench.Phase rss = bench.phases.get("idle-rss");
        Bench.Phase setup = bench.phases.get("setup");
        Bench.Phase imp = bench.phases.get("import");
        Bench.Phase links = bench.phases.get("links");
        Bench.Phase get = bench.phases.get("get");
        Bench.Phase search = bench.phases.get("search");
        Bench.Phase post = bench.phases.get("post");
        Bench.Phase dashboard = bench.phases.get("dashboard");
        Bench.Phase hot = bench.phases.get("hot-deploy");
        Bench.Phase jetty = bench.phases.get("ceiling-jetty");
        Bench.Phase derby = bench.phases.get("ceiling-derby");
        double jettyRps = jetty.ok() ? num(jetty, "req_per_s") : Double.NaN;
        double derbyRate = derby.ok() ? num(derby, "contacts_per_s") : Double.NaN;

        List<Row> rows = new ArrayList<>();
        if (start.ok()) {
            double ms = num(start, "start_ms");
            rows.add(new Row("Start to first 200 of `GET /api/v1/people`", f2(ms / 1000) + " s", "", "", "≤ 2 s", "", "", met(ms <= 2000)));
        } else {
            rows.add(failed("Start to first 200", start));
        }
        if (rss.ok()) {
            double mib = num(rss, "rss_mib");
            rows.add(new Row("Idle RSS, " + f0(o.idleSeconds) + " s after start", f0(mib) + " MiB", "", "", "≤ 160 MiB", "", "", met(mib <= 160)));
        } else {
            rows.add(failed("Idle RSS", rss));
        }
        String derbyCell = "raw Derby JDBC batched inserts: " + f0(derbyRate) + " contacts/s";
        if (imp.ok()) {
            double rate = num(imp, "contacts_per_s");
            double ratio = rate / derbyRate;
            rows.add(new Row("Import " + f0(num(imp, "contacts")) + " contacts (`POST /api/v1/people/import`, NDJSON, "
                    + f0(num(imp, "requests")) + " job(s))", f0(rate) + " contacts/s (" + f1(num(imp, "seconds")) + " s)", "",
                    f0(num(imp, "rows_failed")) + " rows", "≥ 0.7 of ceiling", derbyCell, f2(ratio),
                    Double.isNaN(ratio) ? "–" : met(ratio >= 0.7)));
        } else {
            rows.add(failed("Import", imp));
        }
        if (links.ok()) {
            rows.add(new Row("Link 20% to companies (`PUT /api/v1/companies/{id}/people/{personId}`)",
                    f0(num(links, "links_per_s")) + " links/s (" + f0(num(links, "links")) + " in " + f1(num(links, "seconds")) + " s)",
                    "", "0", "–", "", "", "–"));
        } else {
            rows.add(failed("Link 20% to companies", links));
        }
        if (get.ok() || !get.loads.isEmpty()) {
            Load.Result r = get.loads.get(0);
            double ratio = r.perSecond() / jettyRps;
            rows.add(new Row("`GET /api/v1/people/{id}`, random ids", f0(r.perSecond()) + " req/s", latency(r), r.errorSummary(),
                    "≥ 0.5 of ceiling", "bare Jetty + Jackson GET: " + f0(jettyRps) + " req/s", f2(ratio),
                    Double.isNaN(ratio) ? "–" : met(ratio >= 0.5)));
        } else {
            rows.add(failed("`GET /api/v1/people/{id}`", get));
        }
        for (Bench.SearchQuery q : bench.suite) {
            Load.Result single = search.loads.stream().filter(r -> r.name.equals("search: " + q.name + Bench.SINGLE)).findFirst().orElse(null);
            Load.Result r = search.loads.stream().filter(l -> l.name.equals("search: " + q.name)).findFirst().orElse(null);
            if (single == null || r == null) {
                continue;
            }
            double total = num(search, q.name + " total");
            double p95 = single.percentileMillis(95);
            rows.add(new Row("Search: " + q.name, f0(r.perSecond()) + " req/s at " + o.workers + " connections, total " + f0(total)
                    + (total == q.expected ? "" : " (expected " + f0(q.expected) + ")"),
                    "1 connection: " + latency(single) + "; " + o.workers + ": " + latency(r),
                    single.errorCount() + r.errorCount() == 0 ? "0" : "1: " + single.errorSummary() + "; " + o.workers + ": " + r.errorSummary(),
                    "p95 ≤ 50 ms at 1M (1 connection)", "", "",
                    single.ok == 0 ? "–" : met(p95 <= 50) + (o.contacts == 1_000_000 ? "" : " (at " + f0(o.contacts) + ")")));
        }
        if (search.loads.isEmpty()) {
            rows.add(failed("Search suite", search));
        }
        if (dashboard.ok()) {
            String at = o.contacts == 1_000_000 ? "" : " (at " + f0(o.contacts) + ")";
            double warm = num(dashboard, "first_rows_warm_ms");
            double cold = num(dashboard, "first_rows_cold_ms");
            rows.add(new Row("Dashboard, People: page load to the first rows shown (median of 5; cached files, then none)",
                    f0(warm) + " ms cached, " + f0(cold) + " ms uncached", "max " + f0(num(dashboard, "first_rows_warm_max_ms")) + " / "
                            + f0(num(dashboard, "first_rows_cold_max_ms")), "", "≤ 1 s at 1M", "", "", met(Math.max(warm, cold) <= 1000) + at));
            double pagePercentile95 = num(dashboard, "filter_page_p95_ms");
            rows.add(new Row("Dashboard, People: a filter applied to its rows shown (the search suite's queries, " + f0(num(dashboard, "filter_runs"))
                    + " runs); the page's own time is the total less the search requests", f0(num(dashboard, "filter_p50_ms")) + " ms median, of which search "
                    + f0(num(dashboard, "filter_search_p50_ms")) + " ms; page's own p50 " + f0(num(dashboard, "filter_page_p50_ms")) + " / p95 "
                    + f0(pagePercentile95) + " ms", f0(num(dashboard, "filter_p50_ms")) + " / " + f0(num(dashboard, "filter_p95_ms"))
                            + " / max " + f0(num(dashboard, "filter_max_ms")), "", "page's own ≤ 300 ms (plus the search) at 1M", "", "",
                    met(pagePercentile95 <= 300) + at));
            double extra = num(dashboard, "scroll_extra_requests");
            rows.add(new Row("Dashboard, People: scrolled to the end, the next rows shown (3 times)", "50 more rows in "
                    + f0(num(dashboard, "scroll_p50_ms")) + " ms (median), " + f0(extra) + " requests beyond the next page", "", "",
                    "only the next page loads", "", "", met(extra == 0 && dashboard.notes.isEmpty())));
            rows.add(new Row("Dashboard, People: what a first visit downloads (no cache)", f0(num(dashboard, "files")) + " files, "
                    + f0(num(dashboard, "files_compressed_bytes") / 1024) + " KiB compressed (" + f0(num(dashboard, "files_uncompressed_bytes") / 1024)
                    + " KiB uncompressed), " + f0(num(dashboard, "api_transferred_bytes") / 1024) + " KiB of API answers", "", "", "–", "", "", "–"));
        } else {
            rows.add(failed("Dashboard, People page", dashboard));
        }
        if (post.ok() || !post.loads.isEmpty()) {
            Load.Result r = post.loads.get(0);
            rows.add(new Row("`POST /api/v1/people`", f0(r.perSecond()) + " req/s", latency(r), r.errorSummary(),
                    "–", "", "", "–"));
        } else {
            rows.add(failed("`POST /api/v1/people`", post));
        }
        if (hot.ok()) {
            double ms = num(hot, "median_ms");
            rows.add(new Row("Hot deploy: webhook jar into `deploy/` to `/hooks/webhook` answering (median of " + o.hotDeployRuns + ")",
                    f0(ms) + " ms", "", "", "≤ 300 ms", "", "", met(ms <= 300)));
        } else {
            rows.add(failed("Hot deploy", hot));
        }
        if (!Double.isNaN(num(rss, "rss_end_mib"))) {
            rows.add(new Row("RSS at the end of the run", f0(num(rss, "rss_end_mib")) + " MiB", "", "", "–", "", "", "–"));
        }
        if (!jetty.loads.isEmpty()) {
            Load.Result r = jetty.loads.get(0);
            rows.add(new Row("Ceiling: bare Jetty 12 + Jackson servlet GET", f0(r.perSecond()) + " req/s", latency(r), r.errorSummary(),
                    "", "", "", ""));
        } else {
            rows.add(failed("Ceiling: bare Jetty GET", jetty));
        }
        if (derby.ok()) {
            rows.add(new Row("Ceiling: raw Derby JDBC batched inserts, same contacts", f0(derbyRate) + " contacts/s ("
                    + f0(num(derby, "contacts")) + " in " + f1(num(derby, "seconds")) + " s)", "", "", "", "", "", ""));
        } else {
            rows.add(failed("Ceiling: raw Derby inserts", derby));
        }

        StringBuilder md = new StringBuilder();
        String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT));
        md.append("## Suite run ").append(when).append(": ").append(f0(o.contacts)).append(" contacts\n\n");
        md.append("- Command: `").append(o.command).append("`\n");
        md.append("- Machine: ").append(machine).append("; 1-minute load average ").append(bench.loadBefore)
                .append(" at the start, ").append(bench.loadAfter).append(" at the end (other work on the machine skews every figure)\n");
        md.append("- Load: ").append(o.workers).append(" keep-alive connections from the suite's Java client on loopback, ")
                .append(f1(o.warmup)).append(" s warm-up then ").append(f1(o.seconds))
                .append(" s measured per scenario. The runtime and each ceiling run in their own JVM with default settings.\n");
        if (setup.ok()) {
            md.append("- Setup (not a figure): ").append(f0(num(setup, "companies"))).append(" companies created at ")
                    .append(f0(num(setup, "companies_per_s"))).append("/s");
            if (links.ok()) {
                md.append("; every person's id listed in ").append(f1(num(links, "list_ids_s"))).append(" s");
            }
            if (get.ok()) {
                md.append("; the GET load started after ").append(f1(num(get, "waited_for_idle_s"))).append(" s waiting for the runtime to be idle");
            }
            if (search.ok() || !search.loads.isEmpty()) {
                md.append("; search index complete ").append(f1(num(search, "index_caught_up_s"))).append(" s after the links");
            }
            md.append(".\n");
        }
        md.append("\n| Figure | Result | p50 / p95 / p99 ms | Errors | Target | Ceiling on this machine | Ratio | Met |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append('|');
            for (String c : r.cells) {
                md.append(' ').append(cell(c)).append(" |");
            }
            md.append('\n');
        }
        List<String> notes = new ArrayList<>();
        for (Bench.Phase p : bench.phases.values()) {
            for (String n : p.notes) {
                notes.add(p.name + ": " + n);
            }
            for (Load.Result r : p.loads) {
                if (r.firstError != null) {
                    notes.add(r.name + ": first error " + Api.abbreviate(r.firstError, 300));
                }
            }
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            for (String n : notes) {
                md.append("- ").append(cell(n)).append('\n');
            }
        }
        return md.toString();
    }

    /** Puts the run's section first, under the page's introduction, keeping every existing section. */
    static void writeDocs(Path docs, String section) throws IOException {
        String text = Files.exists(docs) ? Files.readString(docs, StandardCharsets.UTF_8) : "# Benchmarks\n";
        int at = text.indexOf("\n## ");
        String updated = at < 0 ? text.stripTrailing() + "\n\n" + section
                : text.substring(0, at + 1) + section + "\n" + text.substring(at + 1);
        Files.createDirectories(docs.toAbsolutePath().getParent());
        Files.writeString(docs, updated, StandardCharsets.UTF_8);
    }
}
