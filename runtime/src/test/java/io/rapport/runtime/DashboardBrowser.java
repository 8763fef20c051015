package io.rapport.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real browser for the dashboard's tests: Debian's Chromium, headless, driven by Selenium through Debian's
 * chromedriver (never a downloaded one). When they are missing, it installs the packages {@code chromium} and
 * {@code chromium-driver} with apt-get (as root, or with sudo), so that the README's test command runs on a
 * fresh Debian machine.
 * <p>
 * What a person does: {@link #type}, {@link #click}, {@link #text}; {@link #axe} checks the page with
 * axe-core (no serious or critical violation); {@link #screenshot} keeps a picture of the screen under
 * {@code target/screenshots}, and under {@code docs/screenshots} when the build is run with
 * {@code -Drapport.screenshots.docs=true}.
 */
final class DashboardBrowser implements AutoCloseable {
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    final WebDriver driver;
    final String base;
    private final WebDriverWait wait;

    DashboardBrowser(String base, int width, int height) {
        installIfMissing();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the flags that keep Chromium off the network (this machine's is closed) and its sandbox off (we may be root)
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-quic",
                "--window-size=" + width + "," + height, "--lang=en-GB");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().window().setSize(new Dimension(width, height));
        this.base = base;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(50));
        // the page re-renders while we look: an element that went stale is looked for again
        this.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    /** Installs Debian's chromium and chromium-driver when they are not there. */
    static synchronized void installIfMissing() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            List<String> prefix = root ? List.of() : List.of("sudo", "-n");
            for (List<String> command : List.of(List.of("apt-get", "update", "-qq"), List.of("apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"))) {
                List<String> full = new ArrayList<>(prefix);
                full.addAll(command);
                ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
                pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new AssertionError("Could not install Chromium (" + String.join(" ", full) + "):\n" + out);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("The dashboard tests need Debian's chromium and chromium-driver, and could not install them: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void open(String hash) {
        driver.get(base + "/" + hash);
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    <T> T until(Function<WebDriver, T> condition, String what) {
        try {
            return wait.withMessage(what).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("Waited 15 s for " + what + "; the page shows:\n" + bodyText() + consoleErrors(), e);
        }
    }

    /** The element, once it is shown. */
    WebElement find(String css) {
        return until(d -> {
            for (WebElement e : d.findElements(By.cssSelector(css))) {
                if (e.isDisplayed()) {
                    return e;
                }
            }
            return null;
        }, "an element " + css + " to be shown");
    }

    /** A button or link with this text, once shown. */
    WebElement button(String text) {
        return until(d -> {
            for (WebElement e : d.findElements(By.cssSelector("button, a, summary"))) {
                // the text as written (CSS may show it in capitals), spaces collapsed
                if (e.isDisplayed() && String.valueOf(e.getAttribute("textContent")).replaceAll("\\s+", " ").trim().equals(text)) {
                    return e;
                }
            }
            return null;
        }, "a button or link \"" + text + "\"");
    }

    void click(String css) {
        click(find(css));
    }

    void clickButton(String text) {
        click(button(text));
    }

    /** Clicks an element after scrolling it to the middle of the window (not under the sticky top bar). */
    void click(WebElement e) {
        script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", e);
        e.click();
    }

    /** Types into a field, as a person does (after clearing it). */
    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    void press(String css, CharSequence key) {
        find(css).sendKeys(key);
    }

    void pressKeys(CharSequence... keys) {
        new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform();
    }

    String text(String css) {
        return find(css).getText();
    }

    String bodyText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(no page)";
        }
    }

    /** Waits until the page's text contains {@code text}. */
    void sees(String text) {
        until(d -> bodyText().contains(text), "the text \"" + text + "\" on the page");
    }

    void doesNotSee(String text) {
        until(d -> !bodyText().contains(text), "the text \"" + text + "\" to go");
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    String currentHash() {
        return (String) script("return location.hash");
    }

    /** What the browser's console said at level SEVERE (page errors, failed requests other than expected ones). */
    String consoleErrors() {
        StringBuilder b = new StringBuilder();
        try {
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                    b.append("\nconsole: ").append(e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            // some drivers keep no log
        }
        return b.toString();
    }

    /**
     * Checks the page as it is now with axe-core: no violation of impact serious or critical. Answers the
     * number of rules checked.
     */
    int axe(String where) throws IOException {
        if (!Boolean.TRUE.equals(script("return typeof axe !== 'undefined'"))) {
            try (InputStream in = DashboardBrowser.class.getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
                script(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify({violations: r.violations, passes: r.passes.length})))"
                + ".catch(e => done(JSON.stringify({error: String(e)})));");
        JsonNode r = JSON.readTree((String) result);
        assertTrue(!r.has("error"), "axe failed on " + where + ": " + r.path("error").asText());
        List<String> serious = new ArrayList<>();
        for (JsonNode v : r.get("violations")) {
            String impact = v.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                StringBuilder nodes = new StringBuilder();
                for (JsonNode n : v.get("nodes")) {
                    nodes.append("\n    ").append(n.path("html").asText()).append(" → ").append(n.path("failureSummary").asText().replace('\n', ' '));
                }
                serious.add(impact + " " + v.path("id").asText() + ": " + v.path("help").asText() + nodes);
            }
        }
        assertTrue(serious.isEmpty(), "accessibility violations on " + where + ":\n" + String.join("\n", serious));
        return r.path("passes").asInt();
    }

    /** Keeps a picture of the screen as {@code name}.png. */
    Path screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Path dir = Files.createDirectories(Paths.get("target", "screenshots"));
        Path file = dir.resolve(name + ".png");
        Files.write(file, png);
        if (Boolean.getBoolean("rapport.screenshots.docs")) {
            Path docs = Files.createDirectories(Paths.get("..", "docs", "screenshots"));
            Files.write(docs.resolve(name + ".png"), png);
        }
        return file;
    }

    /** Signs in through the page, as a person does. */
    void signIn(String email, String password) {
        open("");
        type("#signin-email", email);
        type("#signin-password", password);
        find("#signin-password").sendKeys(Keys.ENTER);
        find("aside.sidebar");
    }

    static Map<String, Object> map(Object... kv) {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
