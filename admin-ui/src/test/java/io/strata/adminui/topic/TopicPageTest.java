package io.strata.adminui.topic;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.adminui.AdminUiCluster;
import io.strata.adminui.ConsolePages;
import io.strata.adminui.GatewayCalls;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.strata.adminui.ConsolePages.form;
import static org.assertj.core.api.Assertions.assertThat;

/** A topic's page: partitions with their offsets, configs beside their defaults, editing in place. */
@QuarkusTest
@WithTestResource(AdminUiCluster.class)
class TopicPageTest {

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "strata.admin-ui.gateway")
    String gateway;

    @Test
    void partitionsShowLeaderReplicasIsrAndOffsets() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        calls.createTopic("with-records", 2, 3);
        calls.produce("with-records", 5);
        ConsolePages.Page page = new ConsolePages(base).get("/topics/with-records");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.one("h1").text()).isEqualTo("Topic with-records");
        Element p0 = page.one("#partitions tr[data-partition=0]");
        assertThat(p0.select("td").get(0).text()).matches("[123]");
        assertThat(p0.select("td").get(2).text().split(", ")).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(p0.select("td").get(3).text().split(", ")).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(p0.select("td").get(4).text()).isEqualTo("0");
        assertThat(p0.select("td").get(5).text()).isEqualTo("5");
        assertThat(page.one("#partitions tr[data-partition=1]").select("td").get(5).text()).isEqualTo("0");
    }

    @Test
    void anOverrideIsShownBesideTheDefaultAndEditedInPlace() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        calls.createTopic("plain", 1, 1);
        calls.json("POST", "/admin/topics", "{\"name\":\"tuned\",\"partitions\":1,\"replication_factor\":1,"
                + "\"configs\":{\"retention.ms\":\"86400000\"}}");
        ConsolePages pages = new ConsolePages(base);

        ConsolePages.Page page = pages.get("/topics/tuned");
        Element retention = page.one("#config-retention-ms");
        assertThat(retention.attr("data-source")).isEqualTo("override");
        assertThat(retention.select("td").get(0).text()).isEqualTo("86400000 (override)");
        assertThat(retention.select("td.default").text()).isEqualTo("604800000");
        assertThat(page.one("#config-segment-ms").attr("data-source")).isEqualTo("default");

        Element edit = retention.selectFirst("a:contains(Edit)");
        assertThat(edit.attr("href")).isEqualTo("/topics/tuned?edit=retention.ms#config-retention-ms");
        assertThat(edit.attr("hx-select")).isEqualTo("#configs");
        ConsolePages.Page editing = pages.get("/topics/tuned?edit=retention.ms");
        Element field = editing.one("#config-retention-ms input[name=value]");
        assertThat(field.val()).isEqualTo("86400000");
        assertThat(editing.one("label[for=value-retention-ms]").text()).isEqualTo("retention.ms");
        assertThat(editing.one("#config-retention-ms form").attr("action")).isEqualTo("/topics/tuned/configs");

        ConsolePages.Page saved = pages.postAndFollow("/topics/tuned/configs", form("name", "retention.ms", "action", "set", "value", "3600000"));
        assertThat(saved.one("#config-retention-ms td").text()).isEqualTo("3600000 (override)");
        assertThat(calls.config("tuned", "retention.ms")).isEqualTo("3600000");

        ConsolePages.Page reset = pages.postAndFollow("/topics/tuned/configs", form("name", "retention.ms", "action", "reset"));
        assertThat(reset.one("#config-retention-ms").attr("data-source")).isEqualTo("default");
        assertThat(calls.config("tuned", "retention.ms")).isEqualTo("604800000");
    }

    @Test
    void aValueOutOfRangeShowsTheGatewaysErrorAndChangesNothing() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        calls.createTopic("guarded", 1, 1);
        ConsolePages pages = new ConsolePages(base);

        ConsolePages.Page refused = pages.post("/topics/guarded/configs", form("name", "retention.ms", "value", "-2"), true);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("HX-Retarget")).isEqualTo("#problem");
        assertThat(refused.problemCode()).isEqualTo("INVALID_CONFIG");
        assertThat(refused.problemDetail()).contains("retention.ms", "-2");
        assertThat(calls.config("guarded", "retention.ms")).isEqualTo("604800000");

        ConsolePages.Page unknownKey = pages.post("/topics/guarded/configs", form("name", "retention.mss", "value", "1"));
        assertThat(unknownKey.problemDetail()).contains("unknown config key 'retention.mss'");
        ConsolePages.Page empty = pages.post("/topics/guarded/configs", form("name", "retention.ms", "value", " "));
        assertThat(empty.problemDetail()).isEqualTo("retention.ms: give a value, or reset the config to its default");
    }

    @Test
    void partitionsAreAddedFromTheFormAndAShrinkIsRefused() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        calls.createTopic("growing", 1, 1);
        ConsolePages pages = new ConsolePages(base);

        ConsolePages.Page grown = pages.postAndFollow("/topics/growing/partitions", form("count", "3"));
        assertThat(grown.one("#notice").text()).isEqualTo("The topic now has 3 partitions.");
        assertThat(grown.doc().select("#partitions tbody tr").eachAttr("data-partition")).containsExactly("0", "1", "2");
        assertThat(calls.json("GET", "/admin/topics/growing", null).path("partitions")).hasSize(3);

        ConsolePages.Page notMore = pages.post("/topics/growing/partitions", form("count", "2"), true);
        assertThat(notMore.header("HX-Retarget")).isEqualTo("#problem");
        assertThat(notMore.problemCode()).isEqualTo("INVALID_PARTITIONS");
        assertThat(notMore.problemDetail()).contains("is not more than");
        assertThat(pages.post("/topics/growing/partitions", form("count", "many")).problemDetail())
                .isEqualTo("count: must be a whole number, got 'many'");
        assertThat(calls.json("GET", "/admin/topics/growing", null).path("partitions")).as("nothing changed").hasSize(3);
    }

    @Test
    void anUnknownTopicShowsTheGatewaysNotFound() {
        ConsolePages.Page page = new ConsolePages(base).get("/topics/no-such-topic");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.problemCode()).isEqualTo("UNKNOWN_TOPIC_OR_PARTITION");
        assertThat(page.problemDetail()).contains("no-such-topic");
    }
}
