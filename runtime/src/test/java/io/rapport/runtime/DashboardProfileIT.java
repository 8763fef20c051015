package io.rapport.runtime;

import static io.rapport.runtime.PeopleApiIT.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The profile pages of the dashboard in a real browser against the exported runtime, as a support agent
 * uses them: a person's header and cards, the details edited inline (with someone else saving first),
 * custom attributes of every built-in type and of the currency and phone plugins (whose editors come and go
 * with their plugin while the page is open), tags, notes, companies, the timeline and its filter, a
 * conversation that came in through the webhook channel (reply, close, reopen), segments, and a company's
 * profile with its insights. Every page is checked with axe-core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardProfileIT {
    private static final String SECRET = "profile-webhook-secret-0123456789";
    private static final String FIRST_MESSAGE = "My invoice shows 40 seats, we have 25.";

    private RapportProcess rapport;
    private RapportProcess.Api api;
    private DashboardBrowser browser;
    private String grace;
    private String navy;
    private String conversation;

    @BeforeAll
    void start() throws Exception {
        Path home = Files.createTempDirectory("rapport-dashboard-profile");
        // the plugins installable by name (as HardeningIT does), and the webhook channel's secret
        Path repository = Paths.get(System.getProperty("rapport.repository", "repository"));
        Files.createDirectories(home.resolve("features"));
        for (String feature : List.of("rapport-currency", "rapport-phone", "rapport-webhook")) {
            Files.copy(repository.getParent().resolve("features/" + feature + ".json"), home.resolve("features/" + feature + ".json"));
        }
        try (Stream<Path> files = Files.walk(repository)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = home.resolve("repository").resolve(repository.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/io.rapport.channel.webhook-profile.cfg"), "channel=webhook\nsecret=" + SECRET + "\n");

        rapport = new RapportProcess(home).start();
        api = rapport.api();
        browser = new DashboardBrowser(rapport.base, 1280, 900);
        DashboardIT.created(api.post("/api/v1/setup", "{\"token\":\"" + rapport.adminToken + "\",\"email\":\"" + DashboardIT.EMAIL
                + "\",\"name\":\"Ada Lovelace\",\"password\":\"" + DashboardIT.PASSWORD + "\"}"));
        for (String feature : List.of("rapport-currency", "rapport-phone", "rapport-webhook")) {
            DashboardIT.created(api.post("/api/v1/plugins", "{\"feature\":\"" + feature + "\"}"));
        }
        browser.until(d -> body(() -> api.get("/api/v1/attribute-types")).contains("\"currency\"")
                && body(() -> api.get("/api/v1/attribute-types")).contains("\"phone\""), "the currency and phone types installed");
        browser.until(d -> body(() -> api.get("/api/v1/channels")).contains("\"channel\":\"webhook\""), "the webhook channel running");

        // the custom attributes of people: one of each kind a person edits
        defineAttribute("nickname", "Nickname", "text", null);
        defineAttribute("seats", "Seats", "number", null);
        defineAttribute("beta", "Beta tester", "boolean", null);
        defineAttribute("plan", "Plan", "list", "[\"free\",\"pro\",\"enterprise\"]");
        defineAttribute("renewal", "Renewal date", "date", null);
        defineAttribute("budget", "Budget", "currency", "[\"EUR\"]");
        defineAttribute("desk_phone", "Desk phone", "phone", "[\"GB\"]");
        DashboardIT.created(api.post("/api/v1/attributes", "{\"model\":\"conversation\",\"key\":\"priority\",\"label\":\"Priority\","
                + "\"type\":\"list\",\"options\":[\"low\",\"high\"]}"));

        // Grace: emails, a phone, a place, her company, a tag and a note
        JsonNode person = DashboardIT.created(api.post("/api/v1/people", "{\"name\":\"Grace Hopper\","
                + "\"emails\":[\"grace@example.com\",\"g.hopper@navy.example\"],\"phones\":[\"+1 202 555 0147\"],"
                + "\"location\":{\"city\":\"Arlington\",\"region\":\"Virginia\",\"country\":\"US\"}}"));
        grace = person.get("id").asText();
        navy = DashboardIT.created(api.post("/api/v1/companies",
                "{\"name\":\"Navy Labs\",\"domain\":\"navy.example\",\"industry\":\"Computing\",\"size\":120}")).get("id").asText();
        DashboardIT.created(api.post("/api/v1/companies", "{\"name\":\"Harvard Computation Lab\",\"domain\":\"harvard.example\"}"));
        assertEquals(204, api.send("PUT", "/api/v1/companies/" + navy + "/people/" + grace, null, null).statusCode());
        String vip = DashboardIT.created(api.post("/api/v1/tags", "{\"name\":\"VIP\",\"color\":\"#d4af37\"}")).get("id").asText();
        DashboardIT.created(api.post("/api/v1/tags", "{\"name\":\"Churn risk\"}"));
        assertEquals(204, api.send("PUT", "/api/v1/people/" + grace + "/tags/" + vip, null, null).statusCode());
        DashboardIT.created(api.post("/api/v1/people/" + grace + "/notes", "{\"body\":\"Prefers email; call only if urgent.\"}"));

        // she writes in through the webhook channel: found by her email, a conversation of hers
        HttpResponse<String> hooked = hook("{\"handle\":\"grace-web\",\"email\":\"grace@example.com\",\"text\":\"" + FIRST_MESSAGE + "\"}");
        assertEquals(202, hooked.statusCode(), hooked.body());
        JsonNode delivered = json(hooked);
        assertEquals(grace, delivered.get("person_id").asText(), "the message filed to the person with that email");
        conversation = delivered.get("conversation_id").asText();

        browser.signIn(DashboardIT.EMAIL, DashboardIT.PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (rapport != null) {
            rapport.close();
        }
    }

    private void defineAttribute(String key, String label, String type, String options) throws Exception {
        DashboardIT.created(api.post("/api/v1/attributes", "{\"model\":\"person\",\"key\":\"" + key + "\",\"label\":\"" + label
                + "\",\"type\":\"" + type + "\"" + (options == null ? "" : ",\"options\":" + options) + "}"));
    }

    /** A message signed by the Standard Webhooks scheme with the channel's secret. */
    private HttpResponse<String> hook(String body) throws Exception {
        String id = "msg_" + java.util.UUID.randomUUID();
        long timestamp = System.currentTimeMillis() / 1000;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "v1," + java.util.Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        return new RapportProcess.Api(api.base, null).send("POST", "/hooks/webhook", "application/json", body,
                "webhook-id", id, "webhook-timestamp", Long.toString(timestamp), "webhook-signature", signature);
    }

    /** The body of an API answer, for waits (which take no checked exceptions). */
    private static String body(Callable<HttpResponse<String>> call) {
        try {
            return call.call().body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Grace as the API has her now. */
    private JsonNode grace() {
        try {
            return json(api.get("/api/v1/people/" + grace));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens Grace's profile afresh (a reload: opening the same address again would only keep the page). */
    private void openGrace() {
        browser.open("#/people/" + grace);
        browser.driver.navigate().refresh();
        browser.find("rp-person .profile-title h1");
        // every card has read what it shows
        browser.until(d -> d.findElements(By.cssSelector("rp-person [role=status].muted, rp-person p.loading")).stream()
                .noneMatch(e -> e.getText().startsWith("Loading")), "the cards loaded");
    }

    /** A button (or link) with this text inside the element {@code scope}, once shown. */
    private WebElement buttonIn(String scope, String text) {
        return browser.until(d -> {
            for (WebElement e : d.findElements(By.cssSelector(scope + " button, " + scope + " a"))) {
                if (e.isDisplayed() && String.valueOf(e.getAttribute("textContent")).replaceAll("\\s+", " ").trim().equals(text)) {
                    return e;
                }
            }
            return null;
        }, "a button \"" + text + "\" in " + scope);
    }

    private String textOf(String css) {
        return browser.find(css).getText();
    }

    private void untilText(String css, String contains) {
        browser.until(d -> {
            for (WebElement e : d.findElements(By.cssSelector(css))) {
                if (e.isDisplayed() && e.getText().contains(contains)) {
                    return true;
                }
            }
            return false;
        }, "\"" + contains + "\" in " + css);
    }

    private static String attr(String key) {
        return "rp-profile-attributes li.attr[data-key='" + key + "']";
    }

    @Test
    @Order(1)
    void aPersonsProfileShowsEverythingAboutThem() throws Exception {
        openGrace();
        assertEquals("Grace Hopper", textOf("rp-person .profile-title h1"));
        assertEquals("grace@example.com · Arlington, Virginia, US", textOf("rp-person .profile-title .muted"));
        String details = textOf("rp-profile-details");
        for (String shown : List.of("grace@example.com", "primary", "g.hopper@navy.example", "+1 202 555 0147", "Arlington, Virginia, US",
                "entered manually")) {
            assertTrue(details.contains(shown), "the details show " + shown + ":\n" + details);
        }
        untilText("rp-profile-tags ul.chips", "VIP");
        untilText("rp-profile-links ul.link-list", "Navy Labs");
        untilText("rp-profile-links ul.link-list", "navy.example");
        String attributes = textOf("rp-profile-attributes");
        for (String label : List.of("Beta tester", "Budget", "Desk phone", "Nickname", "Plan", "Renewal date", "Seats")) {
            assertTrue(attributes.contains(label), "the attribute " + label + " is listed:\n" + attributes);
        }
        untilText("rp-profile-notes ul.note-list", "Prefers email; call only if urgent.");
        untilText("rp-profile-conversations ul.conv-list", "Conversation on webhook");
        untilText("rp-profile-conversations ul.conv-list", "1 message");
        untilText("rp-profile-conversations ul.conv-list .conv-excerpt", FIRST_MESSAGE);
        untilText("rp-profile-timeline ol.timeline", "Person created: Grace Hopper");
        untilText("rp-profile-timeline ol.timeline", "Tagged VIP");
        assertEquals("Grace Hopper · Rapport", browser.driver.getTitle());
        browser.axe("a person's profile");
        browser.script("window.scrollTo(0, 0)");
        browser.screenshot("person");

        browser.resize(390, 844);
        try {
            openGrace();
            untilText("rp-profile-timeline ol.timeline", "Person created: Grace Hopper");
            Number overflow = (Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth");
            assertTrue(overflow.intValue() <= 0, "nothing of the profile is wider than a phone's screen: " + overflow + " px more");
            browser.axe("a person's profile on a phone");
            browser.script("window.scrollTo(0, 0)");
            browser.screenshot("person-phone");
        } finally {
            browser.resize(1280, 900);
        }
    }

    @Test
    @Order(2)
    void editTheDetailsInlineAndResolveAConflict() throws Exception {
        openGrace();
        browser.click("rp-profile-details .edit-button");
        browser.until(d -> String.valueOf(browser.script("return document.activeElement.id")).endsWith("-name"), "the name field focused");
        browser.type("rp-profile-details input[id$='-name']", "Grace Brewster Hopper");
        browser.type("rp-profile-details textarea[id$='-emails']", "grace@example.com, g.hopper@navy.example, grace.hopper@example.org");
        browser.axe("the details form");
        browser.click("rp-profile-details button[type=submit]");
        browser.until(d -> textOf("rp-person .profile-title h1").equals("Grace Brewster Hopper"), "the new name in the header");
        untilText("rp-profile-details dl.props", "grace.hopper@example.org");
        assertEquals("Grace Brewster Hopper", grace().get("name").asText());
        assertEquals(3, grace().get("emails").size());

        // someone else changes her while the form is open: the form says so, and saving shows both versions
        browser.click("rp-profile-details .edit-button");
        browser.type("rp-profile-details input[id$='-location-city']", "Washington");
        HttpResponse<String> theirs = api.patch("/api/v1/people/" + grace, "{\"location\":{\"city\":\"Alexandria\"},\"phones\":[\"+1 202 555 0199\"]}");
        assertEquals(200, theirs.statusCode(), theirs.body());
        browser.sees("Someone else changed this person while you were editing. Saving will show you both versions first.");
        browser.click("rp-profile-details button[type=submit]");
        browser.find("rp-profile-details .conflict");
        browser.sees("Someone else changed this person while you were editing");
        String compare = textOf("rp-profile-details table.compare");
        assertTrue(compare.contains("Your changes") && compare.contains("Now saved"), compare);
        WebElement city = browser.find("rp-profile-details table.compare tr.differs");
        assertTrue(city.getText().contains("City") && city.getText().contains("Washington") && city.getText().contains("Alexandria"), city.getText());
        assertTrue(compare.contains("Phones") && compare.contains("not changed by you") && compare.contains("+1 202 555 0199"), compare);
        assertEquals("Alexandria", grace().get("location").get("city").asText(), "nothing was overwritten yet");
        browser.axe("the conflict view");
        browser.clickButton("Save mine anyway");
        browser.until(d -> d.findElements(By.cssSelector("rp-profile-details .conflict")).isEmpty(), "the conflict view closed");
        untilText("rp-profile-details dl.props", "Washington, Virginia, US");
        untilText("rp-profile-details dl.props", "+1 202 555 0199");
        JsonNode saved = grace();
        assertEquals("Washington", saved.get("location").get("city").asText(), "my change saved");
        assertEquals("Virginia", saved.get("location").get("region").asText());
        assertEquals("+1 202 555 0199", saved.get("phones").get(0).asText(), "their change kept");
        assertEquals(1, saved.get("phones").size());
        assertEquals("Grace Brewster Hopper", saved.get("name").asText());

        // a bad email and avatar URL: the API's words under each field, nothing saved
        browser.click("rp-profile-details .edit-button");
        browser.type("rp-profile-details textarea[id$='-emails']", "not-an-email");
        browser.type("rp-profile-details input[id$='-avatar_url']", "not a url");
        browser.click("rp-profile-details button[type=submit]");
        browser.until(d -> "true".equals(browser.find("rp-profile-details textarea[id$='-emails']").getAttribute("aria-invalid")),
                "the email marked invalid");
        assertEquals("true", browser.find("rp-profile-details input[id$='-avatar_url']").getAttribute("aria-invalid"));
        assertEquals("'not-an-email' is not an email address", textOf("rp-profile-details [id$='-emails-err']"));
        assertEquals("Must be an absolute http or https URL", textOf("rp-profile-details [id$='-avatar_url-err']"));
        browser.axe("the details form with errors");
        browser.click(buttonIn("rp-profile-details form", "Cancel"));
        browser.find("rp-profile-details dl.props");
        assertEquals(3, grace().get("emails").size(), "nothing saved");
        assertTrue(grace().get("avatar_url").isNull());
    }

    /** Opens the editor of an attribute. */
    private void editAttribute(String key) {
        browser.click(attr(key) + " button.attr-edit");
        browser.find(attr(key) + " form.attr-editor");
    }

    private void saveAttribute(String key) {
        browser.click(buttonIn(attr(key) + " form.attr-editor", "Save"));
    }

    private void untilAttributeShows(String key, String text) {
        browser.until(d -> d.findElements(By.cssSelector(attr(key) + " form.attr-editor")).isEmpty()
                && textOf(attr(key) + " .attr-value").contains(text), "the attribute " + key + " showing " + text);
    }

    @Test
    @Order(3)
    void setEachCustomAttributeWithItsEditor() throws Exception {
        openGrace();
        // text
        editAttribute("nickname");
        browser.type(attr("nickname") + " input", "Amazing Grace");
        browser.press(attr("nickname") + " input", Keys.ENTER);
        untilAttributeShows("nickname", "Amazing Grace");

        // number: first one the API refuses (its words next to the attribute), then a good one
        editAttribute("seats");
        browser.type(attr("seats") + " input", "25.12345678901");
        saveAttribute("seats");
        browser.until(d -> textOf(attr("seats") + " .field-error").equals("must have at most 10 digits after the decimal point"),
                "the API's message next to Seats");
        assertEquals("true", browser.find(attr("seats") + " input").getAttribute("aria-invalid"));
        browser.axe("an attribute refused by the API");
        browser.type(attr("seats") + " input", "25");
        saveAttribute("seats");
        untilAttributeShows("seats", "25");
        assertTrue(browser.driver.findElements(By.cssSelector(attr("seats") + " .field-error")).isEmpty(), "the error went");

        // boolean: a switch
        editAttribute("beta");
        browser.click(attr("beta") + " input[role=switch]");
        untilText(attr("beta") + " label.switch", "Beta tester: Yes");
        saveAttribute("beta");
        untilAttributeShows("beta", "Yes");

        // list: choose an option
        editAttribute("plan");
        new Select(browser.find(attr("plan") + " select")).selectByVisibleText("pro");
        saveAttribute("plan");
        untilAttributeShows("plan", "pro");

        // date: typed into the date field as a person does, in the order of the browser's locale
        editAttribute("renewal");
        String order = (String) browser.script("return new Intl.DateTimeFormat().formatToParts(new Date(2027, 2, 31))"
                + ".filter(p => ['day', 'month', 'year'].includes(p.type)).map(p => p.type).join(',')");
        StringBuilder typed = new StringBuilder();
        for (String part : order.split(",")) {
            typed.append(part.equals("day") ? "31" : part.equals("month") ? "03" : "2027");
        }
        browser.find(attr("renewal") + " input[type=date]").sendKeys(typed);
        browser.until(d -> "2027-03-31".equals(browser.find(attr("renewal") + " input[type=date]").getAttribute("value")), "the date typed");
        saveAttribute("renewal");
        untilAttributeShows("renewal", "2027");

        // currency (a plugin's editor): too many decimals are refused in the editor, nothing is saved
        editAttribute("budget");
        browser.find(attr("budget") + " rapport-currency-editor input");
        browser.type(attr("budget") + " rapport-currency-editor input", "12.345");
        browser.until(d -> textOf(attr("budget") + " rapport-currency-editor .field-error")
                .equals("EUR amounts have at most 2 digits after the decimal mark."), "the editor's message");
        assertEquals("true", browser.find(attr("budget") + " rapport-currency-editor input").getAttribute("aria-invalid"));
        saveAttribute("budget");
        assertTrue(browser.find(attr("budget") + " form.attr-editor").isDisplayed(), "the editor stays open on its message");
        assertTrue(grace().get("attributes").path("budget").isMissingNode(), "nothing saved: " + grace().get("attributes"));
        // ... then an amount as a European writes it
        browser.type(attr("budget") + " rapport-currency-editor input", "1 250,5");
        browser.until(d -> d.findElements(By.cssSelector(attr("budget") + " rapport-currency-editor .field-error")).stream()
                .noneMatch(WebElement::isDisplayed), "the message gone");
        browser.axe("the currency editor");
        saveAttribute("budget");
        browser.until(d -> d.findElements(By.cssSelector(attr("budget") + " form.attr-editor")).isEmpty()
                && textOf(attr("budget") + " rapport-currency-display").contains("1,250.50"), "the amount shown in euros");
        assertTrue(textOf(attr("budget") + " rapport-currency-display").contains("€"), textOf(attr("budget") + " rapport-currency-display"));
        JsonNode budget = grace().get("attributes").get("budget");
        assertEquals("1250.50", budget.get("amount").asText());
        assertEquals("EUR", budget.get("currency").asText());

        // phone (a plugin's editor): a British number written as at home
        editAttribute("desk_phone");
        browser.type(attr("desk_phone") + " rapport-phone-editor input", "020 7946 0958");
        saveAttribute("desk_phone");
        browser.until(d -> d.findElements(By.cssSelector(attr("desk_phone") + " form.attr-editor")).isEmpty()
                && textOf(attr("desk_phone") + " rapport-phone-display").startsWith("+44 20 7946 0958"), "the number in its international form");
        assertEquals("+442079460958", grace().get("attributes").get("desk_phone").get("e164").asText());

        JsonNode values = grace().get("attributes");
        assertEquals("Amazing Grace", values.get("nickname").asText());
        assertEquals("25", values.get("seats").asText());
        assertTrue(values.get("beta").asBoolean());
        assertEquals("pro", values.get("plan").asText());
        assertEquals("2027-03-31", values.get("renewal").asText());
        browser.axe("the custom attributes, all set");
        browser.script("document.querySelector('rp-profile-attributes').scrollIntoView()");
        browser.screenshot("person-attributes");
    }

    @Test
    @Order(4)
    void aPluginsEditorComesAndGoesWhileThePageIsOpen() throws Exception {
        openGrace();
        browser.find(attr("desk_phone") + " rapport-phone-display");
        browser.script("window.__samePage = true");

        assertEquals(204, api.delete("/api/v1/features/rapport-phone").statusCode());
        browser.until(d -> d.findElements(By.cssSelector(attr("desk_phone") + " rapport-phone-display")).isEmpty()
                && !d.findElements(By.cssSelector(attr("desk_phone") + " code.raw")).isEmpty(), "the number shown raw");
        assertTrue(textOf(attr("desk_phone") + " code.raw").contains("+442079460958"), textOf(attr("desk_phone") + " code.raw"));
        browser.until(d -> d.findElements(By.cssSelector(attr("desk_phone") + " button.attr-edit")).isEmpty(), "the value read-only");
        untilText(attr("desk_phone"), "Read-only: the type “phone” is not installed now.");
        assertEquals(Boolean.TRUE, browser.script("return window.__samePage === true"), "no reload");
        browser.axe("a value whose type is not installed");

        DashboardIT.created(api.post("/api/v1/plugins", "{\"feature\":\"rapport-phone\"}"));
        browser.until(d -> !d.findElements(By.cssSelector(attr("desk_phone") + " rapport-phone-display")).isEmpty()
                && textOf(attr("desk_phone") + " rapport-phone-display").startsWith("+44 20 7946 0958"), "the phone display back");
        browser.until(d -> !d.findElements(By.cssSelector(attr("desk_phone") + " button.attr-edit")).isEmpty()
                && d.findElements(By.cssSelector(attr("desk_phone") + " .attr-note")).isEmpty(), "the value writable again");
        assertEquals(Boolean.TRUE, browser.script("return window.__samePage === true"), "no reload");
    }

    private List<String> tagNamesOfGrace() {
        List<String> names = new ArrayList<>();
        try {
            for (JsonNode t : json(api.get("/api/v1/people/" + grace + "/tags")).get("data")) {
                names.add(t.get("name").asText());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private String activeOption(String combobox) {
        List<WebElement> active = browser.driver.findElements(By.cssSelector(combobox + " [role=option][aria-selected=true]"));
        return active.isEmpty() ? "" : active.get(0).getText();
    }

    @Test
    @Order(5)
    void tagsNotesAndCompanies() throws Exception {
        openGrace();
        // tags: an existing one and a new one, by keyboard; then one removed
        String tags = "rp-profile-tags rp-combobox";
        browser.click(tags + " input");
        browser.pressKeys("chu");
        browser.until(d -> activeOption(tags).equals("Churn risk"), "Churn risk suggested");
        browser.axe("the tag combobox open");
        browser.pressKeys(Keys.ENTER);
        untilText("rp-profile-tags ul.chips", "Churn risk");
        browser.pressKeys("Renewal 2027");
        browser.until(d -> activeOption(tags).equals("Create tag “Renewal 2027”"), "the new tag offered");
        browser.pressKeys(Keys.ENTER);
        untilText("rp-profile-tags ul.chips", "Renewal 2027");
        browser.until(d -> tagNamesOfGrace().containsAll(List.of("VIP", "Churn risk", "Renewal 2027")), "the tags added");
        browser.click("rp-profile-tags button[aria-label='Remove tag VIP']");
        browser.until(d -> !textOf("rp-profile-tags ul.chips").contains("VIP"), "VIP removed");
        browser.until(d -> tagNamesOfGrace().equals(List.of("Churn risk", "Renewal 2027")), "VIP removed over the API");

        // notes: add, edit, delete (after confirming)
        browser.type("rp-profile-notes textarea[id$='-new']", "Called her about the renewal.");
        browser.clickButton("Add Note");
        untilText("rp-profile-notes ul.note-list li:first-child .note-body", "Called her about the renewal.");
        String meta = textOf("rp-profile-notes ul.note-list li:first-child .note-meta");
        assertTrue(meta.contains("Ada Lovelace") && meta.contains("(you)"), meta);
        browser.click("rp-profile-notes ul.note-list li:first-child .note-edit");
        browser.type("rp-profile-notes textarea[id$='-edit']", "Called her about the renewal: she wants 30 seats.");
        browser.click(buttonIn("rp-profile-notes ul.note-list li:first-child form", "Save"));
        untilText("rp-profile-notes ul.note-list li:first-child .note-body", "she wants 30 seats.");
        untilText("rp-profile-notes ul.note-list li:first-child .note-meta", "edited");
        browser.click("rp-profile-notes ul.note-list li:first-child .danger-link");
        browser.sees("Delete this note?");
        browser.axe("the note's delete confirmation");
        browser.click("dialog[open] button.danger");
        browser.until(d -> !textOf("rp-profile-notes").contains("she wants 30 seats"), "the note deleted");
        untilText("rp-profile-notes ul.note-list", "Prefers email; call only if urgent.");
        assertEquals(1, json(api.get("/api/v1/people/" + grace + "/notes")).get("data").size());

        // a company found by name and linked, then unlinked
        String companies = "rp-profile-links rp-combobox";
        browser.click(companies + " input");
        browser.pressKeys("harv");
        browser.until(d -> activeOption(companies).contains("Harvard Computation Lab"), "the company found");
        browser.pressKeys(Keys.ENTER);
        untilText("rp-profile-links ul.link-list", "Harvard Computation Lab");
        browser.until(d -> body(() -> api.get("/api/v1/people/" + grace + "/companies")).contains("Harvard Computation Lab"), "linked over the API");
        browser.click("rp-profile-links button[aria-label='Unlink Harvard Computation Lab']");
        browser.until(d -> !textOf("rp-profile-links ul.link-list").contains("Harvard"), "unlinked");
        assertFalse(body(() -> api.get("/api/v1/people/" + grace + "/companies")).contains("Harvard"));
        untilText("rp-profile-links ul.link-list", "Navy Labs");
        browser.axe("tags, notes and companies changed");
    }

    private List<String> timelineTypes() {
        List<String> types = new ArrayList<>();
        browser.driver.findElements(By.cssSelector("rp-profile-timeline ol.timeline > li")).forEach(e -> types.add(e.getAttribute("data-type")));
        return types;
    }

    @Test
    @Order(6)
    void theTimelineShowsWhatHappenedAndFollowsLive() throws Exception {
        openGrace();
        String timeline = "rp-profile-timeline ol.timeline";
        untilText(timeline, "name changed from 'Grace Hopper' to 'Grace Brewster Hopper'");
        untilText(timeline, "Budget set from nothing to");
        untilText(timeline, "Tagged Churn risk");
        untilText(timeline, "Untagged VIP");
        untilText(timeline, "Note deleted by Ada Lovelace");
        untilText(timeline, "Unlinked from Harvard Computation Lab");

        Select kind = new Select(browser.find("rp-profile-timeline select"));
        kind.selectByVisibleText("Conversations");
        browser.until(d -> !timelineTypes().isEmpty() && timelineTypes().stream().allMatch(t -> t.startsWith("conversations_")),
                "only conversations");
        untilText(timeline, "Conversation opened on webhook");
        untilText(timeline, "Message on webhook: " + FIRST_MESSAGE);
        new Select(browser.find("rp-profile-timeline select")).selectByVisibleText("Changes");
        browser.until(d -> timelineTypes().contains("field_changed") && timelineTypes().stream().noneMatch(t -> t.startsWith("conversations_")),
                "only changes");
        browser.axe("the timeline, filtered");
        new Select(browser.find("rp-profile-timeline select")).selectByVisibleText("All activity");
        browser.until(d -> timelineTypes().contains("tag_added") && timelineTypes().contains("attribute_set"), "all kinds again");

        // a colleague adds a note elsewhere: it shows on the open page, and on its timeline
        browser.script("window.__samePage = true");
        DashboardIT.created(api.post("/api/v1/people/" + grace + "/notes", "{\"body\":\"Left a voicemail about the invoice.\"}"));
        untilText("rp-profile-notes ul.note-list", "Left a voicemail about the invoice.");
        untilText(timeline, ": Left a voicemail about the invoice.");
        assertEquals(Boolean.TRUE, browser.script("return window.__samePage === true"), "no reload");
    }

    private JsonNode conversation() {
        try {
            return json(api.get("/api/v1/conversations/" + conversation));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(7)
    void replyToAConversationThenCloseAndReopenIt() throws Exception {
        openGrace();
        String card = "rp-profile-conversations";
        untilText(card + " .conv-head", "Conversation on webhook");
        untilText(card + " .conv-badges", "Open");
        browser.click(card + " .conv-head");
        untilText(card + " .thread .messages", FIRST_MESSAGE);
        assertTrue(textOf(card + " .thread .messages").contains("Grace Brewster Hopper"), "the person's message under her name");
        browser.axe("a conversation opened");

        browser.type(card + " .reply textarea", "Thanks, Grace: I have corrected the invoice to 25 seats.");
        browser.clickButton("Send reply");
        untilText(card + " .message.outbound", "I have corrected the invoice to 25 seats.");
        // no reply URL is configured for the webhook channel: kept, and said to be not sent
        untilText(card + " .message.outbound .message-delivery", "Not sent");
        untilText(card + " .reply-status", "Your reply: Not sent");
        assertTrue(textOf(card + " .message.outbound").contains("Ada Lovelace"), "the reply under the agent's name");
        untilText(card + " .conv-head", "2 messages");

        browser.click(buttonIn(card + " .thread-actions", "Close"));
        untilText(card + " .conv-badges", "Closed");
        buttonIn(card + " .thread-actions", "Reopen");
        assertEquals("closed", conversation().get("state").asText());
        browser.axe("a closed conversation");
        browser.click(buttonIn(card + " .thread-actions", "Reopen"));
        untilText(card + " .conv-badges", "Open");
        browser.click(buttonIn(card + " .thread-actions", "Mark as ticket"));
        untilText(card + " .conv-badges", "Ticket");
        buttonIn(card + " .thread-actions", "Not a ticket");
        buttonIn(card + " .thread-actions", "Close");
        JsonNode now = conversation();
        assertEquals("open", now.get("state").asText());
        assertTrue(now.get("ticket").asBoolean());
        assertEquals(2, now.get("messages").size());
        assertEquals("not_sent", now.get("messages").get(1).get("delivery").get("status").asText());
        untilText("rp-profile-timeline ol.timeline", "Conversation on webhook reopened");

        // the conversation's own custom attributes, with the same editors as a profile's
        String attributes = card + " rp-profile-attributes";
        untilText(attributes, "Conversation attributes");
        browser.click(attributes + " button[aria-label='Edit Priority']");
        new Select(browser.find(attributes + " li.attr[data-key='priority'] select")).selectByValue("high");
        browser.click(buttonIn(attributes + " li.attr[data-key='priority']", "Save"));
        untilText(attributes + " li.attr[data-key='priority'] .attr-value", "high");
        assertEquals("high", conversation().get("attributes").get("priority").asText());
        assertEquals("Grace Brewster Hopper", grace().get("name").asText(), "the person's own attributes untouched");
        assertTrue(grace().get("attributes").path("priority").isMissingNode(), grace().get("attributes").toString());
        browser.axe("a conversation's attributes");
    }

    @Test
    @Order(8)
    void aCompanysProfileWithItsPeopleAndInsights() throws Exception {
        browser.open("#/companies/" + navy);
        browser.driver.navigate().refresh();
        browser.find("rp-company .profile-title h1");
        assertEquals("Navy Labs", textOf("rp-company .profile-title h1"));
        assertEquals("navy.example · Computing", textOf("rp-company .profile-title .muted"));
        untilText("rp-profile-details dl.props", "120 employees");
        untilText("rp-profile-links ul.link-list", "Grace Brewster Hopper");
        untilText("rp-profile-timeline ol.timeline", "Grace Hopper linked");

        String insights = "rp-company-insights";
        browser.until(d -> "false".equals(browser.find(insights + " section").getAttribute("aria-busy"))
                && !d.findElements(By.cssSelector(insights + " dl.stats")).isEmpty(), "the insights shown");
        assertEquals("1", textOf(insights + " dl.stats div:nth-child(1) dd"), "Grace's conversation");
        assertEquals("1", textOf(insights + " dl.stats div:nth-child(2) dd"), "open now");
        assertEquals("1", textOf(insights + " dl.stats div:nth-child(3) dd"), "marked as a ticket");
        assertEquals("1", textOf(insights + " dl.stats div:nth-child(4) dd"), "an open ticket");
        assertTrue(textOf(insights + " dl.stats div:nth-child(5)").contains("Median first response"));
        untilText(insights + " .period-shown", "1 person in the company");
        for (String period : List.of("Last 7 days", "Last 90 days", "Last 30 days")) {
            String before = textOf(insights + " .period-shown");
            WebElement label = browser.until(d -> d.findElements(By.cssSelector(insights + " .segmented label")).stream()
                    .filter(l -> l.getText().trim().equals(period)).findFirst().orElse(null), "the period " + period);
            browser.click(label);
            browser.until(d -> textOf(insights + " .segmented label.on").trim().equals(period)
                    && "false".equals(browser.find(insights + " section").getAttribute("aria-busy"))
                    && !textOf(insights + " .period-shown").equals(before), period + " shown");
            assertTrue(browser.driver.findElements(By.cssSelector(insights + " .form-error")).isEmpty(), "no error for " + period);
            assertEquals("1", textOf(insights + " dl.stats div:nth-child(1) dd"), period);
            assertTrue(!browser.driver.findElements(By.cssSelector(insights + " figure.weekly .chart .bar")).isEmpty(), "weeks drawn");
        }
        browser.axe("a company's profile");
        browser.script("window.scrollTo(0, 0)");
        browser.screenshot("company");

        // the companies list counts its people's conversations
        browser.open("#/companies");
        browser.driver.navigate().refresh();
        browser.until(d -> "1".equals(cell("Navy Labs", "Conversations")), "Navy Labs with 1 conversation in the list");
        assertEquals("1", cell("Navy Labs", "People"));
        JsonNode counted = json(api.post("/api/v1/companies/search", "{\"query\":{\"field\":\"conversations.count\",\"operator\":\">=\",\"value\":1},"
                + "\"fields\":[\"conversations.count\",\"conversations.open\"]}"));
        assertEquals(1, counted.get("data").size(), counted.toString());
        assertEquals(1, counted.get("data").get(0).get("fields").get("conversations.open").asInt());
    }

    /** The text of a list's cell: the row that mentions {@code row}, the column headed {@code column}. */
    private String cell(String row, String column) {
        return (String) browser.script("const heads = [...document.querySelectorAll('table thead th')].map((t) => t.textContent.trim());"
                + "const i = heads.findIndex((t) => t.startsWith(arguments[1]));"
                + "const tr = [...document.querySelectorAll('table tbody tr')].find((r) => r.textContent.includes(arguments[0]));"
                + "return tr && i >= 0 ? tr.children[i].textContent.trim() : null;", row, column);
    }

    @Test
    @Order(9)
    void theSegmentsCardListsTheSegmentsThePersonIsIn() throws Exception {
        DashboardIT.created(api.post("/api/v1/segments",
                "{\"name\":\"People in the US\",\"model\":\"person\",\"query\":{\"field\":\"location.country\",\"operator\":\"=\",\"value\":\"US\"}}"));
        DashboardIT.created(api.post("/api/v1/segments",
                "{\"name\":\"Nobody\",\"model\":\"person\",\"query\":{\"field\":\"location.country\",\"operator\":\"=\",\"value\":\"FR\"}}"));
        openGrace();
        untilText("rp-profile-segments ul.segment-list", "People in the US");
        String card = textOf("rp-profile-segments");
        assertTrue(card.contains("1 person"), card);
        assertFalse(card.contains("Nobody"), card);
        browser.axe("the segments card");
        browser.click(buttonIn("rp-profile-segments", "People in the US"));
        browser.until(d -> browser.currentHash().contains("segment="), "the segment's list");
        browser.sees("1 person");
        browser.sees("Grace Brewster Hopper");
        assertEquals("Navy Labs", cell("Grace Brewster Hopper", "Companies"), "the company's name as written, not the index's lower case");
    }

    @Test
    @Order(10)
    void aLocationSaysWhereItCameFrom() throws Exception {
        // someone new writes in from a British address: the built-in resolver places them, and the profile says how
        // (the resolver reads its table on first use and answers "unknown" meanwhile: a later message places them)
        String alan = null;
        for (int i = 0; i < 40 && (alan == null || !api.get("/api/v1/people/" + alan).body().contains("\"source\":\"ip\"")); i++) {
            Thread.sleep(i == 0 ? 0 : 250);
            HttpResponse<String> hooked = hook("{\"handle\":\"alan-web\",\"name\":\"Alan Turing\",\"email\":\"alan@example.com\","
                    + "\"ip\":\"81.128.0.1\",\"text\":\"Hello from Manchester (" + i + ")\"}");
            assertEquals(202, hooked.statusCode(), hooked.body());
            alan = json(hooked).get("person_id").asText();
        }
        assertTrue(api.get("/api/v1/people/" + alan).body().contains("\"source\":\"ip\""), "the location resolved from the address");
        browser.open("#/people/" + alan);
        browser.driver.navigate().refresh();
        untilText("rp-profile-details", "from IP 81.128.0.1 (io.rapport.location)");
        assertTrue(textOf("rp-profile-details").contains("GB"), textOf("rp-profile-details"));

        // an agent corrects the place: it is theirs now
        browser.click("rp-profile-details .edit-button");
        browser.type("rp-profile-details input[id$='-location-city']", "Manchester");
        browser.click("rp-profile-details button[type=submit]");
        untilText("rp-profile-details", "entered manually");
        JsonNode where = json(api.get("/api/v1/people/" + alan)).get("location");
        assertEquals("Manchester", where.get("city").asText());
        assertEquals("GB", where.get("country").asText());
        assertEquals("manual", where.get("source").asText());
        assertTrue(where.get("ip").isNull(), where.toString());
        untilText("rp-profile-timeline ol.timeline", "location.source changed from 'ip' to 'manual'");
    }
}
