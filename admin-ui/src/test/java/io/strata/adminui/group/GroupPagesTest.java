package io.strata.adminui.group;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.adminui.AdminUiCluster;
import io.strata.adminui.ConsolePages;
import io.strata.adminui.GatewayCalls;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jsoup.nodes.Element;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static io.strata.adminui.ConsolePages.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group list and a group's page against a group whose offsets a real REST consumer committed
 * through the gateway: lag, the offset reset's dry run and its application, deleting a group.
 */
@QuarkusTest
@WithTestResource(AdminUiCluster.class)
class GroupPagesTest {

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "strata.admin-ui.gateway")
    String gateway;

    @Test
    void theListAndTheGroupPageShowStateMembersAndLag() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        calls.committedGroup("listed", "listed-topic", 10, 6);
        ConsolePages pages = new ConsolePages(base);

        ConsolePages.Page list = pages.get("/groups?q=listed");
        Element row = list.one("#groups tr[data-group=listed]");
        assertThat(row.select("td").eachText()).containsExactly("empty", "0", "4");
        assertThat(row.selectFirst("a").attr("href")).isEqualTo("/groups/listed");

        ConsolePages.Page page = pages.get("/groups/listed");
        assertThat(page.one("#group-state").text()).startsWith("State empty");
        assertThat(page.one("#no-members").text()).startsWith("No members");
        Element offset = page.one("#offsets tr[data-topic=listed-topic][data-partition=0]");
        assertThat(offset.select("td").eachText().subList(0, 4)).containsExactly("0", "6", "10", "4");
        assertThat(page.one("form#reset-offsets").attr("method")).isEqualTo("get");
        assertThat(page.doc().select("#reset-to option").eachAttr("value"))
                .containsExactly("earliest", "latest", "timestamp", "offset", "shift");
        assertThat(pages.get("/groups?q=nothing-like-it").one("#empty").text()).contains("No group id contains");

        assertThat(page.one("#catch-up-time").text()).as("one view: no consume rate yet").isEqualTo("—");
        calls.json("POST", "/admin/groups/listed/offsets/reset",
                "{\"to\":\"offset\",\"offset\":8,\"topics\":[{\"topic\":\"listed-topic\",\"partitions\":[0]}]}");   // 2 more consumed
        Awaitility.await("a consume rate, once two views are catch-up-min-span apart").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> pages.get("/groups/listed").one("#catch-up-time").text().startsWith("≈ "));
        assertThat(pages.get("/groups/listed").one("#catch-up").text()).contains("consuming 0.").contains("/s, producing 0.0/s over the last");
    }

    @Test
    void aResetIsADryRunFirstAndAppliedOnlyOnConfirmation() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        calls.committedGroup("resettable", "reset-topic", 10, 6);
        ConsolePages pages = new ConsolePages(base);

        ConsolePages.Page dryRun = pages.get("/groups/resettable/reset?to=earliest&value=&topic=&partitions=");
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        Element planned = dryRun.one("#plan tr[data-topic=reset-topic][data-partition=0]");
        assertThat(planned.select("td").eachText()).containsExactly("0", "6", "0", "-6");
        assertThat(calls.committed("resettable", "reset-topic", 0)).as("a dry run changes nothing").isEqualTo(6);
        Element apply = dryRun.one("form#apply-reset");
        assertThat(apply.attr("method")).isEqualTo("post");

        ConsolePages.Page applied = pages.postAndFollow("/groups/resettable/reset", form("to", "earliest", "value", "", "topic", "", "partitions", ""));
        assertThat(applied.one("#notice").text()).isEqualTo("Offsets reset.");
        assertThat(applied.one("#offsets tr[data-partition=0] td.committed").text()).isEqualTo("0");
        assertThat(calls.committed("resettable", "reset-topic", 0)).isEqualTo(0);

        assertThat(shiftPlan(pages, "+3")).containsExactly("0", "0", "3", "+3");
        pages.postAndFollow("/groups/resettable/reset", form("to", "shift", "value", "+3", "topic", "reset-topic", "partitions", "0"));
        assertThat(calls.committed("resettable", "reset-topic", 0)).isEqualTo(3);
        assertThat(shiftPlan(pages, "-10")).as("kept within the log").containsExactly("0", "3", "0", "-3");
        assertThat(shiftPlan(pages, "+100")).as("kept within the log").containsExactly("0", "3", "10", "+7");

        pages.postAndFollow("/groups/resettable/reset", form("to", "offset", "value", "7", "topic", "reset-topic"));
        assertThat(calls.committed("resettable", "reset-topic", 0)).isEqualTo(7);
        pages.postAndFollow("/groups/resettable/reset", form("to", "latest", "topic", "reset-topic"));
        assertThat(calls.committed("resettable", "reset-topic", 0)).isEqualTo(10);
        ConsolePages.Page byTime = pages.get("/groups/resettable/reset?to=timestamp&value=0&topic=reset-topic");
        assertThat(byTime.one("#plan tr[data-partition=0] td.after").text()).isEqualTo("0");
        assertThat(byTime.one("#reset-summary").text()).contains("1970-01-01T00:00:00Z");
    }

    @Test
    void badResetInputShowsItsProblemAndChangesNothing() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        calls.committedGroup("careful", "careful-topic", 4, 4);
        ConsolePages pages = new ConsolePages(base);

        assertThat(pages.get("/groups/careful/reset?to=offset&value=abc").problemDetail()).isEqualTo("value: 'abc' is not a whole number");
        assertThat(pages.get("/groups/careful/reset?to=sideways").problemDetail())
                .isEqualTo("to: must be one of earliest, latest, timestamp, offset, shift, got 'sideways'");
        ConsolePages.Page unknownTopic = pages.post("/groups/careful/reset", form("to", "earliest", "topic", "no-such-topic"));
        assertThat(unknownTopic.status()).isEqualTo(404);
        assertThat(unknownTopic.problemDetail()).contains("no-such-topic");
        assertThat(calls.committed("careful", "careful-topic", 0)).isEqualTo(4);
        assertThat(pages.get("/groups/no-such-group").status()).isEqualTo(404);
    }

    @Test
    void aGroupWithMembersIsNotDeletedAnEmptyOneIsAfterTypingItsId() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        calls.committedGroup("goner", "goner-topic", 2, 2);
        calls.json("POST", "/consumers/busy", "{\"name\":\"m1\",\"format\":\"json\"}");
        calls.json("POST", "/consumers/busy/instances/m1/subscription", "{\"topics\":[\"goner-topic\"]}");
        ConsolePages pages = new ConsolePages(base);
        try {
            ConsolePages.Page refused = pages.post("/groups/busy/delete", form("confirm", "busy"));
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.problemCode()).isEqualTo("GROUP_NOT_EMPTY");
            assertThat(calls.call("GET", "/admin/groups/busy", null).status()).isEqualTo(200);
        } finally {
            calls.call("DELETE", "/consumers/busy/instances/m1", null);
        }

        ConsolePages.Page mistyped = pages.post("/groups/goner/delete", form("confirm", "gone"));
        assertThat(mistyped.problemDetail()).isEqualTo("confirm: type the group's id 'goner' to delete it; got 'gone'");
        ConsolePages.Page deleted = pages.postAndFollow("/groups/goner/delete", form("confirm", "goner"));
        assertThat(deleted.one("#notice").text()).isEqualTo("Group goner deleted.");
        assertThat(calls.call("GET", "/admin/groups/goner", null).status()).isEqualTo(404);
    }

    @Test
    void lagInTimeIsTheAgeOfTheOldestUnconsumedRecord() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        calls.createTopic("aged-topic", 1, 1);
        long now = System.currentTimeMillis();
        calls.json("POST", "/topics/aged-topic/partitions/0", "{\"records\":[{\"value\":1,\"timestamp\":" + (now - 3 * 3_600_000)
                + "},{\"value\":2,\"timestamp\":" + (now - 2 * 3_600_000) + "},{\"value\":3,\"timestamp\":" + now + "}]}");
        calls.json("POST", "/admin/groups/aged/offsets/reset",
                "{\"to\":\"offset\",\"offset\":1,\"topics\":[{\"topic\":\"aged-topic\",\"partitions\":[0]}]}");
        calls.committedGroup("caught-up", "caught-up-topic", 3, 3);
        ConsolePages pages = new ConsolePages(base);

        Element aged = new ConsolePages(base).get("/groups/aged").one("#offsets tr[data-partition=0] td.lag-time");
        assertThat(Long.parseLong(aged.attr("data-age-ms"))).as("offset 1 was written two hours ago")
                .isBetween(2 * 3_600_000L, 2 * 3_600_000L + 120_000L);
        assertThat(aged.text()).matches("2 h [0-2] min");
        Element caughtUp = pages.get("/groups/caught-up").one("#offsets tr[data-partition=0] td.lag-time");
        assertThat(caughtUp.text()).isEqualTo("caught up");
    }

    private static java.util.List<String> shiftPlan(ConsolePages pages, String by) {
        ConsolePages.Page plan = pages.get("/groups/resettable/reset?to=shift&topic=reset-topic&partitions=0&value="
                + java.net.URLEncoder.encode(by, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        return plan.one("#plan tr[data-partition=0]").select("td").eachText();
    }
}
