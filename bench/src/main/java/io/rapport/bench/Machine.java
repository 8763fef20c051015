package io.rapport.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/** This machine, for the record: cores, CPU model, memory, kernel, Java. */
final class Machine {
    private Machine() {
    }

    /** The 1-minute load average (other work on the machine skews every figure), or "unknown". */
    static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String describe() {
        String model = "unknown CPU";
        long memKiB = -1;
        try {
            for (String l : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    model = l.substring(l.indexOf(':') + 1).trim().replaceAll("\\s+", " ");
                    break;
                }
            }
            List<String> mem = Files.readAllLines(Paths.get("/proc/meminfo"));
            for (String l : mem) {
                if (l.startsWith("MemTotal:")) {
                    memKiB = Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave the defaults
        }
        return String.format(Locale.ROOT, "%d cores (%s), %s memory, %s %s, %s %s", Runtime.getRuntime().availableProcessors(), model,
                memKiB < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", memKiB / 1048576.0), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"));
    }
}
