package io.rapport.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The README's curl tour, run exactly as written against a fresh runtime. */
class ReadmeTourIT {
    static String tour() throws Exception {
        String readme = Files.readString(Paths.get("..", "README.md").toAbsolutePath(), StandardCharsets.UTF_8);
        String block = readme.substring(readme.indexOf("<!-- tour -->"), readme.indexOf("<!-- /tour -->"));
        return block.replaceAll("(?m)^<!--.*-->$", "").replaceAll("(?m)^```.*$", "");
    }

    @Test
    void theTourWorksAsWritten() throws Exception {
        try (RapportProcess rapport = new RapportProcess(Files.createTempDirectory("rapport-tour")).start()) {
            Path script = rapport.home.resolve("tour.sh");
            Files.writeString(script, "set -euo pipefail\n" + tour());
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(Paths.get("..").toFile())
                    .redirectErrorStream(true);
            pb.environment().put("RAPPORT", rapport.base);
            pb.environment().put("RAPPORT_HOME", rapport.home.toString());
            Process bash = pb.start();
            String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(bash.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, bash.exitValue(), out);
            assertTrue(out.contains("\"status\":\"UP\""), out);
            assertTrue(out.contains("\"name\":\"Ada King\""), out);
            assertTrue(out.contains("\"country\":\"GB\""), out);
            assertTrue(out.contains("\"status\":412"), out);
            assertTrue(out.contains("201\n200\n"), out);
            assertTrue(out.contains("\"status\":409"), out);
            assertTrue(out.contains("\"field\":\"nickname\""), out);
            assertTrue(out.contains("\"role\":\"agent\""), out);
            assertTrue(out.contains("\"plan\":\"pro\""), out);
            assertTrue(out.contains("\"name\":\"VIP\""), out);
            assertTrue(out.contains("Analytical Engines"), out);
            assertTrue(out.contains("Prefers email"), out);
            assertTrue(out.contains("\"type\":\"event\""), out);
            assertTrue(out.contains("\"type\":\"field_changed\""), out);
            assertTrue(!out.contains("\"unavailable\""), out);
            assertTrue(out.contains("\"total\":"), out); // the search answer
            assertTrue(out.contains("\"name\":\"VIPs\""), out);
            assertTrue(out.contains("\"id\":\"job_"), out);
            assertTrue(out.contains("\"channel\":\"webhook\""), out);
            assertTrue(out.contains("\n409\n401\n"), out); // the webhook message sent again, then a forged one
            assertTrue(out.contains("\"status\":\"not_sent\""), out);
            assertTrue(out.contains("\"state\":\"closed\""), out);
            assertTrue(out.contains("Is the engine ready?"), out);
            assertTrue(out.contains("\n204\n"), out);
            assertTrue(out.trim().endsWith("204"), out);
        }
    }
}
