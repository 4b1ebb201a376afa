package io.strata.adminui.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.adminui.AdminUiCluster;
import io.strata.adminui.ConsolePages;
import io.strata.adminui.GatewayCalls;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Message search against the real cluster: by key (one partition), header and JSON field; bounded, resumable, and refusing a bad path. */
@QuarkusTest
@WithTestResource(AdminUiCluster.class)
class SearchPageTest {

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "strata.admin-ui.gateway")
    String gateway;

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** 60 orders over 3 partitions, keyed order-0 … order-59 (partitions picked by the gateway), customer id i % 3, a header on every tenth. */
    private JsonNode produceOrders(GatewayCalls calls, String topic) throws Exception {
        calls.createTopic(topic, 3, 1);
        StringBuilder records = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 60; i++) {
            records.append(i == 0 ? "" : ",").append("{\"key\":\"").append(b64("order-" + i)).append("\",\"value\":\"")
                    .append(b64("{\"customer\":{\"id\":\"c" + (i % 3) + "\"},\"n\":" + i + "}")).append("\",\"headers\":[")
                    .append(i % 10 == 0 ? "{\"key\":\"audit\",\"value\":\"" + b64("yes") + "\"}" : "").append("]}");
        }
        return calls.produceBinary(topic, records.append("]}").toString());
    }

    @Test
    void aKeySearchReadsOnlyTheKeysPartitionAndFindsTheRecordThere() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        JsonNode stored = produceOrders(calls, "searched-keys");
        int partition = stored.get(17).path("partition").asInt();   // where the gateway's partitioner put order-17
        ConsolePages pages = new ConsolePages(base);

        ConsolePages.Page page = pages.get("/topics/searched-keys/messages/search?by=key&key=order-17");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.one("#key-partition").text()).startsWith("Only partition " + partition + ":");
        assertThat(page.doc().select("#matches tbody tr")).hasSize(1);
        assertThat(page.one("#matches tbody tr").attr("data-partition")).isEqualTo(Integer.toString(partition));
        assertThat(page.one("#matches tbody tr td.key").text()).isEqualTo("order-17");
        long inPartition = 0;
        for (JsonNode s : stored) {
            inPartition += s.path("partition").asInt() == partition ? 1 : 0;
        }
        assertThat(page.one("#search-progress").attr("data-total")).as("only the key's partition is read").isEqualTo(Long.toString(inPartition));
        assertThat(page.one("#search-progress strong").text()).isEqualTo("scanned " + inPartition + " of " + inPartition + ", 1 match");
        assertThat(page.doc().select("#search-continue")).as("searched to the end").isEmpty();
        assertThat(page.one("#search-key").val()).isEqualTo("order-17");
    }

    @Test
    void aJsonFieldSearchStopsAtItsMatchLimitAndContinuesFromItsCursor() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        produceOrders(calls, "searched-json");
        ConsolePages pages = new ConsolePages(base);

        ConsolePages.Page all = pages.get("/topics/searched-json/messages/search?by=json&path=customer.id&value=");
        assertThat(all.doc().select("#matches tbody tr")).as("a blank value: every record with the field, up to 50 a step").hasSize(50);
        assertThat(all.one("#search-progress strong").text()).isEqualTo("scanned 50 of 60, 50 matches");
        assertThat(all.one("#search-stop").text()).contains("strata.admin-ui.search-max-matches");
        String continueHref = all.one("#search-continue").attr("href");
        assertThat(continueHref).contains("&cursor=").contains("&matches=50");

        ConsolePages.Page rest = pages.get(continueHref);
        assertThat(rest.doc().select("#matches tbody tr")).hasSize(10);
        assertThat(rest.one("#search-progress strong").text()).isEqualTo("scanned 60 of 60, 60 matches");
        assertThat(rest.doc().select("#search-continue")).isEmpty();

        ConsolePages.Page c1 = pages.get("/topics/searched-json/messages/search?by=json&path=%24.customer.id&value=c1");
        assertThat(c1.doc().select("#matches tbody tr td.key").eachText()).hasSize(20).allSatisfy(key ->
                assertThat(Integer.parseInt(key.substring("order-".length())) % 3).isEqualTo(1));
        assertThat(c1.one("#search-progress strong").text()).isEqualTo("scanned 60 of 60, 20 matches");

        ConsolePages.Page audited = pages.get("/topics/searched-json/messages/search?by=header&header=audit&header_value=yes");
        assertThat(audited.doc().select("#matches tbody tr td.headers").eachText()).hasSize(6).allSatisfy(h -> assertThat(h).isEqualTo("audit=yes"));
    }

    @Test
    void aMalformedPathShowsTheErrorAndSearchesNothing() throws Exception {
        new GatewayCalls(gateway).createTopic("searched-bad", 1, 1);
        ConsolePages pages = new ConsolePages(base);

        ConsolePages.Page bad = pages.get("/topics/searched-bad/messages/search?by=json&path=%24.customer..id&value=1");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.problemCode()).isEqualTo("INVALID_REQUEST");
        assertThat(bad.problemDetail()).isEqualTo("path: expected a field name at position 12, found '.' (path '$.customer..id')");
        assertThat(bad.doc().select("#matches")).isEmpty();
        assertThat(pages.get("/topics/no-such-topic/messages/search?by=key&key=a").problemCode()).isEqualTo("UNKNOWN_TOPIC_OR_PARTITION");

        ConsolePages.Page form = pages.get("/topics/searched-bad/messages");
        assertThat(form.one("#search").attr("action")).isEqualTo("/topics/searched-bad/messages/search");
        assertThat(form.one("#search-by-key").hasAttr("checked")).isTrue();
    }
}
