package io.rapport.runtime;

import static io.rapport.runtime.PeopleApiIT.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

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
 * The dashboard in a real browser against the exported runtime, as a support agent uses it: set up, sign
 * in, the people list (scroll, sort, filter, segments, bulk actions, a new person), live updates, the
 * keyboard and a phone's width. Every page is checked with axe-core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    static final String EMAIL = "ada@example.com";
    static final String PASSWORD = "correct horse battery";

    private RapportProcess rapport;
    private RapportProcess.Api api;
    private DashboardBrowser browser;

    @BeforeAll
    void start() throws Exception {
        rapport = new RapportProcess(Files.createTempDirectory("rapport-dashboard")).start();
        api = rapport.api();
        // 60 people: more than one page of the list (50)
        for (int i = 0; i < 60; i++) {
            String name = String.format("%s %02d", i % 3 == 0 ? "Grace Hopper" : "Alan Turing", i);
            created(api.post("/api/v1/people", "{\"name\":\"" + name + "\",\"emails\":[\"p" + i + "@example.com\"]}"));
        }
        browser = new DashboardBrowser(rapport.base, 1280, 900);
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

    static JsonNode created(java.net.http.HttpResponse<String> r) throws Exception {
        assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.statusCode() + " " + r.body());
        return json(r);
    }

    private int rows() {
        return browser.driver.findElements(By.cssSelector("table.list tbody tr")).size();
    }

    @Test
    @Order(1)
    void setUpTheFirstAdminThenSignOutAndIn() throws Exception {
        browser.open("");
        browser.sees("Set up Rapport");
        browser.axe("the setup page");
        browser.screenshot("setup");

        // a wrong token is said at its field, in words
        browser.type("#setup-token", "rpt_not-the-token");
        browser.type("#setup-email", EMAIL);
        browser.type("#setup-name", "Ada Lovelace");
        browser.type("#setup-password", PASSWORD);
        browser.clickButton("Create admin and sign in");
        browser.sees("Is not the admin token");
        assertEquals("true", browser.find("#setup-token").getAttribute("aria-invalid"));

        browser.type("#setup-token", rapport.adminToken);
        browser.clickButton("Create admin and sign in");
        browser.find("aside.sidebar");
        browser.sees("Ada Lovelace");
        browser.sees("60 people");

        browser.clickButton("Sign out");
        browser.sees("Sign in to Rapport");
        browser.axe("the sign-in page");
        browser.screenshot("sign-in");
        browser.type("#signin-email", EMAIL);
        browser.type("#signin-password", "not my password");
        browser.clickButton("Sign in");
        browser.sees("The email or the password is wrong");

        browser.type("#signin-password", PASSWORD);
        browser.find("#signin-password").sendKeys(Keys.ENTER);
        browser.sees("60 people");
        // the session survives a reload (the cookie), and the API answers the page's calls only with it
        browser.driver.navigate().refresh();
        browser.sees("60 people");
    }

    @Test
    @Order(2)
    void thePeopleListScrollsSortsAndFilters() throws Exception {
        browser.open("#/people");
        browser.sees("60 people");
        browser.until(d -> rows() == 50, "the first page of 50 rows");
        browser.axe("the people list");
        browser.screenshot("people");

        // scrolling to the end loads the next page, and only that
        browser.script("document.querySelector('table.list tbody tr:last-child').scrollIntoView()");
        browser.until(d -> rows() == 60, "the next 10 rows after scrolling");

        // sort by name, one way then the other
        browser.clickButton("Name");
        browser.until(d -> browser.currentHash().contains("sort=name"), "the sort in the URL");
        browser.until(d -> firstName().equals("Alan Turing 01"), "sorted by name, A first");
        browser.clickButton("Name ▲");
        browser.until(d -> firstName().equals("Grace Hopper 57"), "sorted by name, Z first");

        // filter: name starts with "Grace"; the filter is in the URL and survives a reload
        browser.clickButton("Filter");
        browser.clickButton("+ Condition");
        new Select(browser.find("rp-filter-builder select[id$='-op']")).selectByValue("starts_with");
        WebElement value = browser.find("rp-filter-builder input[id$='-value']");
        value.clear();
        value.sendKeys("Grace");
        browser.clickButton("Apply filter");
        browser.sees("20 people");
        String hash = URLDecoder.decode(browser.currentHash(), StandardCharsets.UTF_8);
        assertTrue(hash.contains("\"starts_with\"") && hash.contains("Grace"), hash);
        browser.driver.navigate().refresh();
        browser.sees("20 people");
        browser.until(d -> rows() == 20, "20 rows of the filter after a reload");
        browser.axe("the people list, filtered");

        // save it as a segment: it shows in the sidebar with its count, and opens the same list
        browser.clickButton("Save as segment");
        browser.type("#segment-name", "Graces");
        browser.clickButton("Save");
        browser.sees("Saved the segment Graces.");
        browser.until(d -> browser.bodyText().contains("Graces") && browser.currentHash().contains("segment="), "the segment's page");
        browser.sees("20 people");
        WebElement link = browser.find("nav.segments a[aria-current='page']");
        assertTrue(link.getText().contains("Graces") && link.getText().contains("20"), link.getText());
        JsonNode segments = json(api.get("/api/v1/segments?model=person"));
        assertEquals("Graces", segments.get("data").get(0).get("name").asText());
        assertEquals(20, segments.get("data").get(0).get("count").asInt());
    }

    private String firstName() {
        List<WebElement> links = browser.driver.findElements(By.cssSelector("table.list tbody tr td a"));
        return links.isEmpty() ? "" : links.get(0).getText();
    }

    @Test
    @Order(3)
    void bulkTagAndDeleteTheSelectedPeople() throws Exception {
        browser.open("#/people?sort=name:asc");
        browser.until(d -> firstName().equals("Alan Turing 01"), "the list by name");
        List<WebElement> boxes = browser.driver.findElements(By.cssSelector("table.list tbody input[type=checkbox]"));
        browser.click(boxes.get(0));
        browser.click(boxes.get(1));
        browser.sees("2 selected");
        browser.axe("the people list with a selection");
        browser.clickButton("Tag");
        browser.type("#bulk-tag-new", "VIP");
        browser.clickButton("Add");
        browser.sees("Tagged 2 people.");
        browser.until(d -> browser.driver.findElements(By.cssSelector("table.list tbody .tag")).size() == 2, "the two rows showing their new tag");
        assertEquals("VIP", browser.driver.findElements(By.cssSelector("table.list tbody .tag")).get(0).getText());
        JsonNode vip = null;
        for (JsonNode t : json(api.get("/api/v1/tags")).get("data")) {
            if (t.get("name").asText().equals("VIP")) {
                vip = t;
            }
        }
        assertTrue(vip != null, "the new tag was made");
        assertEquals(2, vip.get("people_count").asInt());

        // delete asks first; Cancel deletes nothing
        browser.until(d -> rows() > 0 && !browser.driver.findElements(By.cssSelector("table.list tbody input[type=checkbox]")).get(0).isSelected(),
                "the selection cleared");
        boxes = browser.driver.findElements(By.cssSelector("table.list tbody input[type=checkbox]"));
        browser.click(boxes.get(0));
        browser.clickButton("Delete");
        browser.sees("Delete 1 person?");
        browser.axe("the delete confirmation");
        browser.clickButton("Cancel");
        assertEquals(60, json(api.send("POST", "/api/v1/people/search", "application/json", "{\"limit\":1}")).get("total").asInt());
        browser.clickButton("Delete");
        browser.click("dialog[open] button.danger");
        browser.sees("Deleted 1 person.");
        browser.sees("59 people");
    }

    @Test
    @Order(4)
    void aNewPersonWithAClearErrorFirst() throws Exception {
        browser.open("#/people");
        browser.clickButton("+ New person");
        browser.type("#create-name", "Katherine Johnson");
        browser.type("#create-email", "not-an-email");
        browser.clickButton("Create");
        browser.until(d -> "true".equals(browser.find("#create-email").getAttribute("aria-invalid")), "the email marked invalid");
        String error = browser.text("#err-emails");
        assertTrue(error.length() > 5, "the email's error says what to fix: " + error);
        browser.axe("the new person dialog with an error");
        browser.type("#create-email", "katherine@example.com");
        browser.clickButton("Create");
        browser.until(d -> browser.currentHash().matches("#/people/[^/?]+"), "the new person's profile");
        browser.sees("Katherine Johnson");
    }

    @Test
    @Order(5)
    void theListFollowsChangesMadeElsewhere() throws Exception {
        browser.open("#/people?sort=name:asc");
        browser.sees("60 people");
        // another agent (here the API) adds someone: the open list shows them without a reload
        created(api.post("/api/v1/people", "{\"name\":\"Aaron Live\"}"));
        browser.sees("61 people");
        browser.until(d -> firstName().equals("Aaron Live"), "the new person at the top of the list");
    }

    @Test
    @Order(6)
    void theKeyboardReachesEverything() throws Exception {
        browser.open("#/people");
        browser.sees("61 people");
        // a fresh page: the first Tab reaches the skip link
        browser.driver.navigate().refresh();
        browser.sees("61 people");
        browser.pressKeys(Keys.TAB);
        assertEquals("Skip to content", browser.script("return document.activeElement.textContent.trim()"));
        browser.pressKeys(Keys.ENTER);
        assertEquals("main", browser.script("return document.activeElement.id"));
        // the navigation is links in order; Enter follows one
        browser.script("document.querySelector('nav[aria-label=Main] a').focus()");
        browser.pressKeys(Keys.TAB);
        assertEquals("Companies", browser.script("return document.activeElement.textContent.trim()"));
        browser.axe("the people list, keyboard focus on the navigation");
        browser.pressKeys(Keys.ENTER);
        browser.until(d -> browser.currentHash().startsWith("#/companies"), "the companies page");
        // a dialog takes the focus and Escape closes it
        browser.find("button.primary").sendKeys(Keys.ENTER);
        browser.until(d -> "create-name".equals(browser.script("return document.activeElement.id")) || browser.driver
                .findElements(By.cssSelector("dialog[open]")).size() == 1, "the dialog open");
        browser.pressKeys(Keys.ESCAPE);
        browser.until(d -> browser.driver.findElements(By.cssSelector("dialog[open]")).isEmpty(), "the dialog closed by Escape");
    }

    @Test
    @Order(7)
    void onAPhoneTheMenuFolds() throws Exception {
        browser.resize(390, 844);
        try {
            browser.open("#/people");
            browser.sees("61 people");
            assertTrue(!browser.driver.findElement(By.cssSelector("aside.sidebar nav")).isDisplayed()
                    || (Boolean) browser.script("return document.querySelector('aside.sidebar').getBoundingClientRect().right <= 0"),
                    "the navigation is folded away");
            Number overflow = (Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth");
            assertTrue(overflow.intValue() <= 0, "nothing wider than the screen but the table's own scroller: " + overflow);
            browser.axe("the people list on a phone");
            browser.screenshot("people-phone");
            browser.click("button.menu-toggle");
            browser.clickButton("Companies");
            browser.until(d -> browser.currentHash().startsWith("#/companies"), "the companies page from the menu");
            browser.sees("0 companies");
        } finally {
            browser.resize(1280, 900);
        }
    }

    static List<String> texts(List<WebElement> elements) {
        List<String> texts = new ArrayList<>();
        elements.forEach(e -> texts.add(e.getText()));
        return texts;
    }
}
