package io.strata.adminui.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Dialog;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.adminui.AdminUiCluster;
import io.strata.adminui.GatewayCalls;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's main flows in a real browser (headless Chromium through Playwright, JavaScript and
 * htmx running) against the real cluster the other tests share ({@link AdminUiCluster}): each step
 * clicks and types as a user does, asserts what the page then shows, and asks the gateway what the
 * cluster now holds. Takes the README's screenshots on the way. Skipped where Chromium is missing.
 */
@QuarkusTest
@WithTestResource(AdminUiCluster.class)
class ConsoleBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HeadlessChromium chromium;

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "strata.admin-ui.gateway")
    String gateway;

    private BrowserContext context;
    private GatewayCalls calls;

    @BeforeAll
    static void launch() {
        chromium = HeadlessChromium.launchOrSkip();
    }

    @AfterAll
    static void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void open() {
        context = chromium.context(base, ColorScheme.LIGHT);
        calls = new GatewayCalls(gateway);
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    @Test
    void aTopicIsCreatedListedEditedGrownAndDeletedAfterTypingItsName() throws Exception {
        Page page = context.newPage();
        page.navigate("/topics");
        page.locator("#create-name").fill("walked");
        page.locator("#create-partitions").fill("2");
        page.locator("#create-rf").fill("1");
        page.locator("#create-configs").fill("retention.ms=86400000");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create topic")).click();
        assertThat(page.locator("#notice")).hasText("Topic walked created.");
        assertThat(page).hasURL(Pattern.compile(".*/topics/walked\\?created=true$"));
        assertThat(calls.topicExists("walked")).isTrue();

        page.navigate("/topics");
        page.locator("#topic-search").fill("walk");
        assertThat(page.locator("#topics tbody tr[data-topic=walked]")).isVisible();
        assertThat(page).hasURL(Pattern.compile(".*/topics\\?q=walk.*"));
        chromium.screenshot(page, "topics");

        page.locator("#topics tbody tr[data-topic=walked] a").click();
        page.getByLabel("Edit retention.ms").click();
        page.locator("tr[data-config='retention.ms'] input[name=value]").fill("3600000");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        assertThat(page.locator("tr[data-config='retention.ms'] td strong")).hasText("3600000");
        assertThat(calls.config("walked", "retention.ms")).isEqualTo("3600000");

        page.locator("#partitions-count").fill("4");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add partitions")).click();
        assertThat(page.locator("#notice")).hasText("The topic now has 4 partitions.");
        assertThat(page.locator("#partitions tbody tr")).hasCount(4);
        assertThat(calls.json("GET", "/admin/topics/walked", null).path("partitions")).hasSize(4);
        chromium.screenshot(page, "topic");
        page.locator("#partitions-count").fill("3");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add partitions")).click();
        assertThat(page.locator("#problem .problem-code")).hasText("INVALID_PARTITIONS");
        assertThat(calls.json("GET", "/admin/topics/walked", null).path("partitions")).as("a refused count changes nothing").hasSize(4);

        page.locator("#confirm-delete").fill("walk");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete topic")).click();
        assertThat(page.locator("#problem .problem-detail")).containsText("type the topic's name 'walked'");
        assertThat(calls.topicExists("walked")).as("a mistyped name deletes nothing").isTrue();
        page.locator("#confirm-delete").fill("walked");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete topic")).click();
        assertThat(page.locator("#notice")).hasText("Topic walked deleted.");
        assertThat(calls.topicExists("walked")).isFalse();
    }

    @Test
    void aProducedMessageShowsInTheMessagesViewIsFoundByAJsonFieldCopiesAsJsonAndDownloads() throws Exception {
        calls.createTopic("walked-messages", 2, 1);
        Page page = context.newPage();
        page.navigate("/topics/walked-messages/messages");
        page.locator("#produce-key").fill("order-7");
        page.locator("#produce-value").fill("{\"item\":\"book\",\"qty\":2}");
        page.locator("#produce-partition").fill("1");
        page.locator("#produce-headers").fill("trace=t1");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Produce")).click();
        assertThat(page.locator("#notice")).hasText("Produced at offset 0 of partition 1.");
        assertThat(page.locator("#messages tr[data-offset='0'] td.value pre")).containsText("\"item\" : \"book\"");
        assertThat(calls.json("GET", "/admin/topics/walked-messages", null).path("partitions").get(1).path("high_watermark").asLong())
                .isEqualTo(1);
        chromium.screenshot(page, "messages");

        page.locator("#messages tr[data-offset='0'] button.copy-json").click();
        assertThat(page.locator("#messages tr[data-offset='0'] button.copy-json")).hasText("Copied");
        JsonNode copied = JSON.readTree((String) page.evaluate("navigator.clipboard.readText()"));   // what the button put there
        assertThat(copied.path("key").asText()).isEqualTo("order-7");
        assertThat(copied.path("value").path("item").asText()).isEqualTo("book");
        assertThat(copied.path("partition").asInt()).isEqualTo(1);

        page.locator("#search-by-json").check();
        page.locator("#search-path").fill("$.item");
        page.locator("#search-value").fill("book");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        assertThat(page.locator("#search-progress strong")).hasText("scanned 1 of 1, 1 match");
        assertThat(page.locator("#matches tr[data-partition='1'][data-offset='0'] td.key")).hasText("order-7");
        chromium.screenshot(page, "search");
        page.locator("#search-path").fill("$.item.");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        assertThat(page.locator("#problem .problem-detail")).hasText("path: expected a field name at position 8, found the end (path '$.item.')");
        assertThat(page.locator("#matches tbody tr")).hasCount(1);   // the page stays as it was
        page.navigate("/topics/walked-messages/messages?partition=1");

        Download download = page.waitForDownload(() -> page.locator("#download").click());
        assertThat(download.suggestedFilename()).isEqualTo("walked-messages-p1-0-0.jsonl");
        List<String> lines = Files.readAllLines(download.path(), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1);
        assertThat(JSON.readTree(lines.get(0)).path("headers").get(0).path("value").asText()).isEqualTo("t1");
    }

    @Test
    void theLiveTailShowsNewRecordsPausesResumesAndFilters() throws Exception {
        calls.createTopic("walked-tail", 2, 1);
        calls.produce("walked-tail", 2);
        Page page = context.newPage();
        page.navigate("/topics/walked-tail/tail");
        assertThat(page.locator("#tail-control")).hasAttribute("data-state", "live");

        calls.json("POST", "/topics/walked-tail/partitions/1", "{\"records\":[{\"key\":\"k\",\"value\":{\"item\":\"pen\"}}]}");
        assertThat(page.locator("#tail-rows tr[data-partition='1'][data-offset='0']")).isVisible();
        assertThat(page.locator("#tail-rows tr")).hasCount(1);   // the two records from before the page opened are not tailed
        assertThat(page.locator("#tail-read")).hasText("1");

        page.locator("#tail-pause").click();
        assertThat(page.locator("#tail-control")).hasAttribute("data-state", "paused");
        calls.produce("walked-tail", 3);
        page.locator("#tail-resume").click();
        assertThat(page.locator("#tail-read")).hasText("4");
        assertThat(page.locator("#tail-rows tr")).hasCount(4);
        assertThat(page.locator("#tail-rows tr").first()).hasAttribute("data-partition", "0");
        assertThat(page.locator("#tail-skipped")).hasText("0");
        chromium.screenshot(page, "tail");

        page.navigate("/topics/walked-tail/tail?q=book");
        calls.json("POST", "/topics/walked-tail/partitions/0",
                "{\"records\":[{\"value\":{\"item\":\"book\"}},{\"value\":{\"item\":\"lamp\"}}]}");
        assertThat(page.locator("#tail-read")).hasText("2");
        assertThat(page.locator("#tail-shown")).hasText("1");
        assertThat(page.locator("#tail-rows tr")).hasCount(1);
        assertThat(page.locator("#tail-rows tr td.value pre")).containsText("book");
    }

    @Test
    void aGroupsOffsetsAreResetThroughADryRunThenApplied() throws Exception {
        calls.committedGroup("walked-group", "walked-group-topic", 10, 6);
        Page page = context.newPage();
        page.navigate("/groups?q=walked");
        assertThat(page.locator("#groups tr[data-group=walked-group]")).isVisible();
        chromium.screenshot(page, "groups");

        page.locator("#groups tr[data-group=walked-group] a").click();
        assertThat(page.locator("#offsets tr[data-partition='0'] td.lag")).hasText("4");
        chromium.screenshot(page, "group");
        page.locator("#reset-to").selectOption("earliest");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Dry run")).click();
        assertThat(page.locator("#plan tr[data-partition='0'] td.before")).hasText("6");
        assertThat(page.locator("#plan tr[data-partition='0'] td.after")).hasText("0");
        assertThat(calls.committed("walked-group", "walked-group-topic", 0)).as("a dry run changes nothing").isEqualTo(6);
        chromium.screenshot(page, "reset");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply this reset")).click();
        assertThat(page.locator("#notice")).hasText("Offsets reset.");
        assertThat(page.locator("#offsets tr[data-partition='0'] td.committed")).hasText("0");
        assertThat(calls.committed("walked-group", "walked-group-topic", 0)).isEqualTo(0);
    }

    @Test
    void anAclIsCreatedListedAndDeletedAndAPartitionMoveIsWatchedUntilItFinishes() throws Exception {
        Page page = context.newPage();
        page.onDialog(Dialog::accept);   // the delete and cancel buttons ask first (hx-confirm)
        page.navigate("/acls");
        page.locator("#acl-principal").fill("walker");
        page.locator("#acl-resource-type").selectOption("TOPIC");
        page.locator("#acl-resource-name").fill("walked-");
        page.locator("#acl-pattern-type").selectOption("PREFIXED");
        page.locator("#acl-operation").selectOption("READ");
        page.locator("#acl-permission").selectOption("ALLOW");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create binding")).click();
        assertThat(page.locator("#notice")).hasText("Binding created.");
        Locator row = page.locator("#acls tr[data-principal='User:walker']");
        assertThat(row.locator("td")).containsText(new String[] {"*", "TOPIC walked-", "PREFIXED", "READ", "ALLOW"});
        assertThat(calls.json("GET", "/admin/acls?principal=User:walker", null)).hasSize(1);
        chromium.screenshot(page, "acls");

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        assertThat(page.locator("#notice")).hasText("Binding deleted.");
        assertThat(page.locator("#acls tr[data-principal='User:walker']")).hasCount(0);
        assertThat(calls.json("GET", "/admin/acls?principal=User:walker", null)).isEmpty();

        calls.createTopic("walked-moving", 1, 1);
        calls.produce("walked-moving", 200);
        int from = calls.json("GET", "/admin/topics/walked-moving", null).path("partitions").get(0).path("replicas").get(0).asInt();
        int to = from % 3 + 1;
        page.navigate("/reassignments");
        page.locator("#move-topic").fill("walked-moving");
        page.locator("#move-partition").fill("0");
        page.locator("#move-replicas").fill(Integer.toString(to));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start move")).click();
        assertThat(page.locator("#notice")).hasText("Move started.");
        assertThat(page.locator("#watched")).containsText("walked-moving-0");
        chromium.screenshot(page, "reassignments");
        assertThat(page.locator("#watched")).hasAttribute("data-state", "done",
                new LocatorAssertions.HasAttributeOptions().setTimeout(120_000));   // the page's own polling brings it
        assertThat(page.locator("#watched-replicas")).hasText(Integer.toString(to));
        assertThat(calls.json("GET", "/admin/topics/walked-moving", null).path("partitions").get(0).path("replicas").get(0).asInt())
                .isEqualTo(to);
    }

    @Test
    void theClusterPageShowsTheNodesInLightAndDark() {
        Page page = context.newPage();
        page.navigate("/cluster");
        assertThat(page.locator("#nodes tbody tr")).hasCount(3);
        chromium.screenshot(page, "cluster");
        try (BrowserContext dark = chromium.context(base, ColorScheme.DARK)) {
            Page darkPage = dark.newPage();
            darkPage.navigate("/cluster");
            assertThat(darkPage.locator("#nodes tbody tr")).hasCount(3);
            String background = (String) darkPage.evaluate("getComputedStyle(document.body).backgroundColor");
            assertThat(background).as("the dark scheme's --bg").isEqualTo("rgb(13, 17, 23)");
            chromium.screenshot(darkPage, "cluster-dark");
        }
    }
}
