package io.strata.adminui.message;

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

/** Reading a partition from the newest records, an offset or a timestamp, and producing from the form. */
@QuarkusTest
@WithTestResource(AdminUiCluster.class)
class MessagesPageTest {

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "strata.admin-ui.gateway")
    String gateway;

    @Test
    void readsFromTheNewestAnOffsetOrATimestampBounded() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        calls.createTopic("browsed", 2, 1);
        calls.produce("browsed", 5);
        ConsolePages pages = new ConsolePages(base);

        ConsolePages.Page newest = pages.get("/topics/browsed/messages?limit=2");
        assertThat(newest.status()).as(newest.body()).isEqualTo(200);
        assertThat(newest.doc().select("#messages tbody tr").eachAttr("data-offset")).containsExactly("3", "4");
        Element four = newest.one("#messages tr[data-offset=4]");
        assertThat(four.selectFirst("td.value").attr("data-kind")).isEqualTo("json");
        assertThat(four.selectFirst("td.value pre").wholeText()).isEqualTo("{\n  \"n\" : 4\n}");
        assertThat(four.selectFirst("td.key").text()).isEqualTo("null");
        assertThat(newest.one("a[rel=prev]").attr("href")).isEqualTo("/topics/browsed/messages?partition=0&from=offset&offset=1&limit=2");
        assertThat(newest.doc().select("a[rel=next]")).isEmpty();

        ConsolePages.Page fromOffset = pages.get("/topics/browsed/messages?partition=0&from=offset&offset=1&limit=2");
        assertThat(fromOffset.doc().select("#messages tbody tr").eachAttr("data-offset")).containsExactly("1", "2");
        assertThat(fromOffset.one("a[rel=next]").attr("href")).isEqualTo("/topics/browsed/messages?partition=0&from=offset&offset=3&limit=2");
        ConsolePages.Page fromTime = pages.get("/topics/browsed/messages?from=timestamp&timestamp=0&limit=3");
        assertThat(fromTime.doc().select("#messages tbody tr").eachAttr("data-offset")).containsExactly("0", "1", "2");
        ConsolePages.Page empty = pages.get("/topics/browsed/messages?partition=1");
        assertThat(empty.one("#empty").text()).startsWith("No records here.");

        assertThat(pages.get("/topics/browsed/messages?limit=501").problemDetail())
                .isEqualTo("limit: must be a whole number from 1 to 500 (strata.admin-ui.messages-max-limit), got '501'");
        ConsolePages.Page pastTheEnd = pages.get("/topics/browsed/messages?from=offset&offset=99");
        assertThat(pastTheEnd.problemCode()).isEqualTo("OFFSET_OUT_OF_RANGE");
        assertThat(pages.get("/topics/browsed/messages?partition=7").problemDetail())
                .isEqualTo("partition: topic 'browsed' has partitions 0 to 1, not 7");
    }

    @Test
    void aProducedMessageIsShownWhereItWasStored() throws Exception {
        new GatewayCalls(gateway).createTopic("produced-here", 3, 1);
        ConsolePages pages = new ConsolePages(base);

        ConsolePages.Page shown = pages.postAndFollow("/topics/produced-here/messages",
                form("key", "alice", "value", "plain text, not JSON", "partition", "2", "headers", "trace=abc\nsource = console"));

        assertThat(shown.one("#notice").text()).isEqualTo("Produced at offset 0 of partition 2.");
        Element row = shown.one("#messages tr[data-offset=0]");
        assertThat(row.selectFirst("td.key").text()).isEqualTo("alice");
        assertThat(row.selectFirst("td.value").attr("data-kind")).isEqualTo("text");
        assertThat(row.selectFirst("td.value pre").text()).isEqualTo("plain text, not JSON");
        assertThat(row.select("td.headers code").eachText()).containsExactly("trace=abc", "source=console");

        ConsolePages.Page badPartition = pages.post("/topics/produced-here/messages", form("value", "x", "partition", "9"));
        assertThat(badPartition.status()).isEqualTo(404);
        assertThat(badPartition.problemCode()).isEqualTo("UNKNOWN_TOPIC_OR_PARTITION");
    }
}
