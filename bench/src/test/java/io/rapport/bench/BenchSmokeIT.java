package io.rapport.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The whole suite at a small size (1k contacts, ~2 s per scenario), so that it cannot rot: every phase
 * must run and produce numbers, and no request may fail. Speed is never asserted. docs/benchmarks.md
 * is not written.
 */
class BenchSmokeIT {
    @Test
    void everyPhaseRunsAndProducesNumbers() throws Exception {
        Path jar = Paths.get(System.getProperty("rapport.jar", "../runtime/target/rapport.jar")).toAbsolutePath();
        Path repository = Paths.get(System.getProperty("rapport.repository", "../runtime/repository")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "build the runtime first: no " + jar);
        Options options = Options.parse("--contacts", "1000", "--seconds", "2", "--warmup", "0.5", "--idle-seconds", "1",
                "--import-chunk", "400", "--hot-deploy-runs", "2", "--no-docs", "--jar", jar.toString(),
                "--repository", repository.toString(), "--repo", "..");
        Bench bench = new Bench(options).run();

        List<String> failures = new ArrayList<>();
        for (Bench.Phase p : bench.phases.values()) {
            if (p.error != null || p.skipped) {
                failures.add(p.name + ": " + (p.skipped ? "skipped" : p.error));
            } else if (p.numbers.isEmpty()) {
                failures.add(p.name + ": no numbers");
            } else {
                p.numbers.forEach((k, v) -> {
                    if (v == null || v.isNaN() || v.isInfinite() || v < 0) {
                        failures.add(p.name + ": " + k + " = " + v);
                    }
                });
            }
            for (Load.Result r : p.loads) {
                if (r.ok == 0 || r.errorCount() > 0) {
                    failures.add(r.name + ": " + r.ok + " answered, errors " + r.errorSummary() + " " + r.firstError);
                }
            }
        }
        assertEquals(List.of(), failures, "phases that did not produce numbers:\n" + bench.markdown);
        assertEquals(2 * bench.suite.size(), bench.phases.get("search").loads.size(), "each search query on 1 and on 8 connections");
        assertFalse(bench.markdown.isBlank());
        assertTrue(bench.markdown.contains("| Figure |"), bench.markdown);
    }
}
