package io.rapport.runtime;

import static io.rapport.runtime.PeopleApiIT.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
 * The dashboard's settings (custom attributes, tags, users, one's account), the import of a CSV file with
 * its columns matched, and quick search (Ctrl+K), in a real browser against the exported runtime.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardSettingsIT {
    private RapportProcess rapport;
    private RapportProcess.Api api;
    private DashboardBrowser browser;

    @BeforeAll
    void start() throws Exception {
        rapport = new RapportProcess(Files.createTempDirectory("rapport-dashboard-settings")).start();
        api = rapport.api();
        DashboardIT.created(api.post("/api/v1/setup", "{\"token\":\"" + rapport.adminToken + "\",\"email\":\"" + DashboardIT.EMAIL
                + "\",\"name\":\"Ada Lovelace\",\"password\":\"" + DashboardIT.PASSWORD + "\"}"));
        DashboardIT.created(api.post("/api/v1/people", "{\"name\":\"Grace Hopper\",\"emails\":[\"grace@example.com\"]}"));
        DashboardIT.created(api.post("/api/v1/companies", "{\"name\":\"Hopper Navy Yard\",\"domain\":\"navy.example\"}"));
        browser = new DashboardBrowser(rapport.base, 1280, 900);
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

    @Test
    @Order(1)
    void defineACustomAttribute() throws Exception {
        browser.open("#/settings/data");
        browser.sees("Attributes of people");
        browser.clickButton("+ Create Attribute");
        browser.clickButton("Create");
        browser.until(d -> "true".equals(browser.find("#attr-label").getAttribute("aria-invalid")), "the empty label refused at its field");
        browser.type("#attr-label", "Renewal plan");
        assertEquals("renewal_plan", browser.find("#attr-key").getAttribute("value"), "the key follows the label");
        new Select(browser.find("#attr-type")).selectByValue("list");
        browser.type("#attr-options", "Free\nTeam\nEnterprise");
        browser.axe("the new attribute dialog");
        browser.clickButton("Create");
        browser.until(d -> browser.driver.findElements(By.cssSelector("dialog[open]")).isEmpty(), "the dialog closed");
        browser.sees("Renewal plan");
        browser.axe("Settings › Data");
        browser.screenshot("settings-data");
        JsonNode plan = json(api.get("/api/v1/attributes/person/renewal_plan"));
        assertEquals("list", plan.get("type").asText());
        assertEquals(3, plan.get("options").size());
        // conversations have their own attributes
        browser.clickButton("Conversations");
        browser.sees("Attributes of conversations");
        browser.clickButton("+ Create Attribute");
        browser.type("#attr-label", "Escalated");
        new Select(browser.find("#attr-type")).selectByValue("boolean");
        browser.clickButton("Create");
        browser.until(d -> browser.driver.findElements(By.cssSelector("dialog[open]")).isEmpty(), "the dialog closed");
        browser.sees("Escalated");
        browser.axe("Settings › Data, conversations");
        assertEquals("boolean", json(api.get("/api/v1/attributes/conversation/escalated")).get("type").asText());
    }

    @Test
    @Order(2)
    void manageTags() throws Exception {
        browser.open("#/settings/tags");
        browser.type("#new-tag-name", "Churn risk");
        browser.clickButton("Create tag");
        browser.until(d -> tagNames().contains("Churn risk"), "the new tag in the list");
        // the same name again: said at the field, nothing made
        browser.type("#new-tag-name", "churn RISK");
        browser.clickButton("Create tag");
        browser.until(d -> "true".equals(browser.find("#new-tag-name").getAttribute("aria-invalid")), "the duplicate name refused");
        assertEquals(1, json(api.get("/api/v1/tags")).get("data").size());
        browser.axe("Settings › Tags with an error");

        WebElement name = browser.find("input[aria-label='Name of Churn risk']");
        name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "At risk", Keys.ENTER);
        browser.until(d -> tags().get(0).get("name").asText().equals("At risk"), "the rename saved");
        browser.screenshot("settings-tags");
        browser.click("button[aria-label='Delete At risk']");
        browser.click("dialog[open] button.danger");
        browser.until(d -> tags().size() == 0, "the tag deleted");
    }

    /** The tags, as the API has them now (for waits, which take no checked exceptions). */
    private JsonNode tags() {
        try {
            return json(api.get("/api/v1/tags")).get("data");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String tagNames() {
        StringBuilder b = new StringBuilder();
        for (WebElement e : browser.driver.findElements(By.cssSelector("input.tag-name"))) {
            b.append(e.getAttribute("value")).append('\n');
        }
        return b.toString();
    }

    @Test
    @Order(3)
    void inviteAnAgentWhoSeesNoAdminPages() throws Exception {
        browser.open("#/settings/users");
        browser.sees("Team");
        browser.clickButton("+ Invite");
        browser.type("#invite-email", "bob@example.com");
        browser.type("#invite-name", "Bob Agent");
        new Select(browser.find("#invite-role")).selectByValue("agent");
        browser.type("#invite-password", "short");
        browser.click("dialog[open] button[type=submit]");
        browser.until(d -> "true".equals(browser.find("#invite-password").getAttribute("aria-invalid")), "the short password refused at its field");
        browser.type("#invite-password", "a long enough password");
        browser.axe("the invite dialog");
        browser.click("dialog[open] button[type=submit]");
        browser.sees("Bob Agent");
        browser.axe("Settings › Users");
        browser.screenshot("settings-users");

        browser.clickButton("Sign out");
        browser.type("#signin-email", "bob@example.com");
        browser.type("#signin-password", "a long enough password");
        browser.find("#signin-password").sendKeys(Keys.ENTER);
        browser.find("aside.sidebar");
        assertTrue(browser.driver.findElements(By.cssSelector("nav[aria-label=Main] a")).stream().noneMatch(a -> a.getText().equals("Users")),
                "an agent has no Users page in the navigation");
        browser.open("#/settings/users");
        browser.sees("Only admins manage users");

        browser.open("#/settings/account");
        browser.type("#account-name", "Bob the Agent");
        browser.clickButton("Save name");
        browser.until(d -> browser.text("aside.sidebar .user").contains("Bob the Agent"), "the new name in the sidebar");
        browser.type("#account-current", "not my password");
        browser.type("#account-password", "an even longer password");
        browser.type("#account-confirm", "an even longer password");
        browser.clickButton("Change password");
        browser.until(d -> "true".equals(browser.find("#account-current").getAttribute("aria-invalid")), "the wrong current password refused");
        browser.axe("Your account with an error");
        browser.clickButton("Sign out");
        browser.signIn(DashboardIT.EMAIL, DashboardIT.PASSWORD);
    }

    @Test
    @Order(4)
    void importACsvFileWithItsColumnsMatched() throws Exception {
        Path csv = Files.createTempFile("people", ".csv");
        Files.writeString(csv, "First name,Last name,Work email,Plan\n"
                + "Katherine,Johnson,katherine@example.com,Team\n"
                + "Dorothy,Vaughan,dorothy@example.com,Enterprise\n"
                + "Mary,Jackson,not-an-email,Free\n", StandardCharsets.UTF_8);
        browser.open("#/import");
        browser.sees("1. Choose a file");
        browser.axe("Import");
        browser.driver.findElement(By.id("import-file")).sendKeys(csv.toString());
        browser.sees("2. Match the columns");
        // the guesses: both name columns to Name, the email to Email(s); Plan is matched by hand to the attribute
        assertEquals("name", new Select(browser.find("select[aria-label='Import “First name” as']")).getFirstSelectedOption().getAttribute("value"));
        assertEquals("name", new Select(browser.find("select[aria-label='Import “Last name” as']")).getFirstSelectedOption().getAttribute("value"));
        new Select(browser.find("select[aria-label='Import “Plan” as']")).selectByValue("attributes.renewal_plan");
        browser.axe("Import, matching the columns");
        browser.screenshot("import-mapping");
        browser.clickButton("Start import");
        browser.until(d -> browser.bodyText().contains("Rows that failed (1)"), "the job done with one failed row");
        browser.sees("not-an-email");
        browser.axe("Import, the job");
        browser.screenshot("import-job");

        JsonNode found = json(api.send("POST", "/api/v1/people/search", "application/json",
                "{\"query\":{\"field\":\"emails\",\"operator\":\"=\",\"value\":\"katherine@example.com\"}}"));
        assertEquals(1, found.get("total").asInt(), found.toString());
        JsonNode katherine = json(api.get("/api/v1/people/" + found.get("data").get(0).get("id").asText()));
        assertEquals("Katherine Johnson", katherine.get("name").asText());
        assertEquals("Team", katherine.get("attributes").get("renewal_plan").asText());
    }

    @Test
    @Order(5)
    void quickSearchOpensAProfile() throws Exception {
        browser.open("#/people");
        browser.sees("Grace Hopper");
        new org.openqa.selenium.interactions.Actions(browser.driver).keyDown(Keys.CONTROL).sendKeys("k").keyUp(Keys.CONTROL).perform();
        browser.until(d -> "qs-input".equals(browser.script("return document.activeElement.id")), "the search field focused");
        browser.pressKeys("hopp");
        browser.until(d -> browser.driver.findElements(By.cssSelector("#qs-list [role=option]")).size() >= 2, "a person and a company found");
        browser.axe("quick search");
        browser.screenshot("quick-search");
        String first = browser.driver.findElements(By.cssSelector("#qs-list [role=option]")).get(0).getText();
        browser.pressKeys(Keys.ENTER);
        browser.until(d -> browser.currentHash().matches("#/(people|companies)/[^/?]+"), "a profile opened");
        assertFalse(browser.driver.findElements(By.id("qs-input")).stream().anyMatch(WebElement::isDisplayed), "the search closed");
        browser.sees(first.contains("Navy") ? "Hopper Navy Yard" : "Grace Hopper");
    }
}
