package io.rapport.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's People page in a real browser (Debian's Chromium, headless, through Debian's chromedriver)
 * against the runtime holding every imported contact: how long until the first rows show after a page
 * load (with the browser's cache, and without it), how long a filter takes from being applied to its rows
 * shown, that scrolling to the end fetches only the next page, and what the page downloads, compressed.
 * Times are the browser's own ({@code performance.now()}): the server, the network stack, the page's
 * scripts and rendering, as a person waits for them.
 */
final class DashboardBench {
    static final String EMAIL = "bench@example.com";
    static final String PASSWORD = "bench password 0123456789";
    private static final int RUNS = 5;

    private final WebDriver driver;
    private final JavascriptExecutor js;
    private final String base;

    private DashboardBench(String base) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().window().setSize(new Dimension(1280, 900));
        this.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        this.js = (JavascriptExecutor) driver;
        this.base = base;
    }

    static void run(Bench.Phase p, Api api, String base, List<Object> filters) throws Exception {
        HttpResponse<String> setup = api.post("/api/v1/setup", Map.of("token", api.token, "email", EMAIL, "name", "Bench", "password", PASSWORD));
        Api.expect(setup, 201, 409);
        DashboardBench b = new DashboardBench(base);
        try {
            b.signIn();
            b.measure(p, filters);
        } finally {
            b.driver.quit();
        }
    }

    private void signIn() {
        driver.get(base + "/");
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> !d.findElements(By.id("signin-email")).isEmpty());
        driver.findElement(By.id("signin-email")).sendKeys(EMAIL);
        driver.findElement(By.id("signin-password")).sendKeys(PASSWORD, Keys.ENTER);
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> !d.findElements(By.cssSelector("aside.sidebar")).isEmpty());
    }

    /** Milliseconds from the page's navigation to its first row of people on screen. */
    private double reloadToFirstRows() {
        driver.navigate().refresh();
        return ((Number) js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "const check = () => document.querySelector('table.list tbody tr') ? done(performance.now()) : requestAnimationFrame(check);"
                + "check();")).doubleValue();
    }

    /** Milliseconds from setting the route (as the filter builder's Apply does) to its rows on screen. */
    private double route(String hash) {
        return routeAndSearch(hash)[0];
    }

    /**
     * As {@link #route}, with the time spent waiting for {@code /people/search} answers (the union of
     * their requests' spans, from the browser's resource timings): the rest is the page's own.
     */
    private double[] routeAndSearch(String hash) {
        @SuppressWarnings("unchecked")
        List<Number> times = (List<Number>) js.executeAsyncScript("const [hash, done] = arguments;"
                + "const status = () => document.querySelector('.page-head [role=status]')?.textContent || '';"
                + "const before = status() + '|' + (document.querySelector('table.list tbody tr a')?.href || '');"
                + "if (location.hash === hash) { done([0, 0]); return; }"
                + "performance.clearResourceTimings();"
                + "const t0 = performance.now();"
                + "location.hash = hash;"
                + "const searching = () => {"
                + "  const spans = performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/people/search') && e.startTime >= t0)"
                + "    .map(e => [e.startTime, e.responseEnd]).sort((a, b) => a[0] - b[0]);"
                + "  let total = 0, end = -1;"
                + "  for (const [s, e] of spans) { if (e > end) { total += e - Math.max(s, end); end = e; } }"
                + "  return total;"
                + "};"
                + "const check = () => {"
                + "  const table = document.querySelector('table.list');"
                + "  const settled = (table && table.getAttribute('aria-busy') === 'false') || document.querySelector('.card.empty');"
                + "  const now = status() + '|' + (document.querySelector('table.list tbody tr a')?.href || '');"
                + "  if (settled && now !== before && status() !== '') done([performance.now() - t0, searching()]); else requestAnimationFrame(check);"
                + "};"
                + "requestAnimationFrame(check);", hash);
        return new double[] { times.get(0).doubleValue(), times.get(1).doubleValue() };
    }

    private long searchRequests() {
        return ((Number) js.executeScript("return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/people/search')).length"))
                .longValue();
    }

    private long rows() {
        return ((Number) js.executeScript("return document.querySelectorAll('table.list tbody tr').length")).longValue();
    }

    private void measure(Bench.Phase p, List<Object> filters) throws Exception {
        driver.get(base + "/#/people");
        reloadToFirstRows(); // warms the server's code paths and the browser's cache

        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            warm.add(reloadToFirstRows());
        }
        p.numbers.put("first_rows_warm_ms", median(warm));
        p.numbers.put("first_rows_warm_max_ms", Collections.max(warm));

        // without the cache: every file fetched again, as on a first visit; then what was downloaded
        ChromeDriver chrome = (ChromeDriver) driver;
        chrome.executeCdpCommand("Network.enable", Map.of());
        chrome.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        List<Double> cold = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            cold.add(reloadToFirstRows());
        }
        p.numbers.put("first_rows_cold_ms", median(cold));
        p.numbers.put("first_rows_cold_max_ms", Collections.max(cold));
        // the bytes of the last cold load: the page and its files (compressed, as sent) and the API's answers
        @SuppressWarnings("unchecked")
        Map<String, Object> sizes = (Map<String, Object>) js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "setTimeout(() => {"
                + "  const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];"
                + "  const files = all.filter(e => !e.name.includes('/api/'));"
                + "  const sum = (list, key) => list.reduce((s, e) => s + (e[key] || 0), 0);"
                + "  done({files: files.length, transferred: sum(files, 'transferSize'), encoded: sum(files, 'encodedBodySize'),"
                + "    decoded: sum(files, 'decodedBodySize'), api: sum(all.filter(e => e.name.includes('/api/')), 'transferSize')});"
                + "}, 1000);");
        p.numbers.put("files", ((Number) sizes.get("files")).doubleValue());
        p.numbers.put("files_transferred_bytes", ((Number) sizes.get("transferred")).doubleValue());
        p.numbers.put("files_compressed_bytes", ((Number) sizes.get("encoded")).doubleValue());
        p.numbers.put("files_uncompressed_bytes", ((Number) sizes.get("decoded")).doubleValue());
        p.numbers.put("api_transferred_bytes", ((Number) sizes.get("api")).doubleValue());
        chrome.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));

        // filters: from the whole list to each query's rows, three times each
        // (the target is 300 ms plus the search's own time: the page's share is the total less the search requests)
        List<Double> filterTimes = new ArrayList<>();
        List<Double> searchTimes = new ArrayList<>();
        List<Double> pageTimes = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            for (Object query : filters) {
                route("#/people");
                double[] t = routeAndSearch("#/people?q=" + java.net.URLEncoder.encode(Api.JSON.writeValueAsString(query), "UTF-8").replace("+", "%20"));
                filterTimes.add(t[0]);
                searchTimes.add(t[1]);
                pageTimes.add(Math.max(0, t[0] - t[1]));
            }
        }
        Collections.sort(filterTimes);
        Collections.sort(searchTimes);
        Collections.sort(pageTimes);
        p.numbers.put("filter_p50_ms", percentile(filterTimes, 50));
        p.numbers.put("filter_p95_ms", percentile(filterTimes, 95));
        p.numbers.put("filter_max_ms", filterTimes.get(filterTimes.size() - 1));
        p.numbers.put("filter_search_p50_ms", percentile(searchTimes, 50));
        p.numbers.put("filter_page_p50_ms", percentile(pageTimes, 50));
        p.numbers.put("filter_page_p95_ms", percentile(pageTimes, 95));
        p.numbers.put("filter_runs", (double) filterTimes.size());

        // scrolling to the end of the list: one request for the next 50, and nothing more
        route("#/people");
        List<Double> scrollTimes = new ArrayList<>();
        long extraRequests = 0;
        for (int i = 0; i < 3; i++) {
            long rowsBefore = rows();
            long requestsBefore = searchRequests();
            double ms = ((Number) js.executeAsyncScript("const [count, done] = arguments;"
                    + "const t0 = performance.now();"
                    + "const rows = document.querySelectorAll('table.list tbody tr');"
                    + "rows[rows.length - 1].scrollIntoView();"
                    + "const check = () => document.querySelectorAll('table.list tbody tr').length > count ? done(performance.now() - t0) : requestAnimationFrame(check);"
                    + "requestAnimationFrame(check);", rowsBefore)).doubleValue();
            Thread.sleep(500); // anything else the scroll would fetch has started by now
            scrollTimes.add(ms);
            long added = rows() - rowsBefore;
            long requests = searchRequests() - requestsBefore;
            if (added != 50 || requests != 1) {
                p.notes.add("a scroll added " + added + " rows with " + requests + " search requests (expected 50 rows, 1 request)");
            }
            extraRequests += requests - 1;
        }
        p.numbers.put("scroll_p50_ms", median(scrollTimes));
        p.numbers.put("scroll_extra_requests", (double) extraRequests);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return percentile(sorted, 50);
    }

    private static double percentile(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
