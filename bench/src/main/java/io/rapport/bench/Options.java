package io.rapport.bench;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** The command line of {@code bench/run}. */
final class Options {
    static final String USAGE = String.join("\n",
            "bench/run [options]   (java -jar bench/target/rapport-bench.jar [options])",
            "  --contacts N          contacts to import (default 100000; 1000000 for the 1M run)",
            "  --seconds S           measured seconds per load scenario (default 20)",
            "  --warmup S            warm-up seconds before each scenario (default 5)",
            "  --workers W           concurrent connections of the load generator (default 8)",
            "  --idle-seconds S      idle time after start before RSS is read (default 10)",
            "  --import-chunk ROWS   rows per import request/job (default 100000)",
            "  --hot-deploy-runs N   plugin drops, the median is reported (default 5)",
            "  --seed N              data generator seed (default 42)",
            "  --repo DIR            the Rapport checkout (default .)",
            "  --jar FILE            runtime jar (default runtime/target/rapport.jar)",
            "  --repository DIR      plugin repository (default runtime/repository)",
            "  --docs FILE           where the table goes (default docs/benchmarks.md)",
            "  --no-docs             print the table only",
            "  --skip a,b            leave out phases: " + String.join(",", Bench.PHASES),
            "  --keep                keep the temporary home and databases",
            "  --command TEXT        the command line to record with the figures");

    int contacts = 100_000;
    double seconds = 20;
    double warmup = 5;
    int workers = 8;
    double idleSeconds = 10;
    int importChunk = 100_000;
    int hotDeployRuns = 5;
    long seed = 42;
    Path repo = Paths.get(".");
    Path jar;
    Path repository;
    Path docs;
    boolean writeDocs = true;
    boolean keep;
    final Set<String> skip = new LinkedHashSet<>();
    String command;

    static Options parse(String... args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
            case "--contacts" -> o.contacts = Integer.parseInt(args[++i].replace("_", ""));
            case "--seconds" -> o.seconds = Double.parseDouble(args[++i]);
            case "--warmup" -> o.warmup = Double.parseDouble(args[++i]);
            case "--workers" -> o.workers = Integer.parseInt(args[++i]);
            case "--idle-seconds" -> o.idleSeconds = Double.parseDouble(args[++i]);
            case "--import-chunk" -> o.importChunk = Integer.parseInt(args[++i].replace("_", ""));
            case "--hot-deploy-runs" -> o.hotDeployRuns = Integer.parseInt(args[++i]);
            case "--seed" -> o.seed = Long.parseLong(args[++i]);
            case "--repo" -> o.repo = Paths.get(args[++i]);
            case "--jar" -> o.jar = Paths.get(args[++i]);
            case "--repository" -> o.repository = Paths.get(args[++i]);
            case "--docs" -> o.docs = Paths.get(args[++i]);
            case "--no-docs" -> o.writeDocs = false;
            case "--skip" -> o.skip.addAll(Arrays.asList(args[++i].split(",")));
            case "--keep" -> o.keep = true;
            case "--command" -> o.command = args[++i];
            case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
            default -> throw new IllegalArgumentException("Unknown option " + a + "\n" + USAGE);
            }
        }
        for (String s : o.skip) {
            if (!Arrays.asList(Bench.PHASES).contains(s)) {
                throw new IllegalArgumentException("Unknown phase " + s + " in --skip; phases: " + String.join(",", Bench.PHASES));
            }
        }
        if (o.contacts < 10 || o.importChunk < 1 || o.workers < 1 || o.seconds <= 0 || o.hotDeployRuns < 1) {
            throw new IllegalArgumentException("--contacts >= 10, --import-chunk, --workers, --seconds and --hot-deploy-runs > 0\n" + USAGE);
        }
        o.repo = o.repo.toAbsolutePath().normalize();
        o.jar = (o.jar != null ? o.jar : o.repo.resolve("runtime/target/rapport.jar")).toAbsolutePath().normalize();
        o.repository = (o.repository != null ? o.repository : o.repo.resolve("runtime/repository")).toAbsolutePath().normalize();
        o.docs = (o.docs != null ? o.docs : o.repo.resolve("docs/benchmarks.md")).toAbsolutePath().normalize();
        if (o.command == null) {
            o.command = "java -jar bench/target/rapport-bench.jar" + (args.length == 0 ? "" : " " + String.join(" ", args));
        }
        return o;
    }
}
