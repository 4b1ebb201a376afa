package io.strata.adminui.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.adminui.AdminUiCluster;
import io.strata.adminui.ConsolePages;
import io.strata.adminui.GatewayCalls;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

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

        assertCopyAsCurlProducesItAgain(pages, row.selectFirst("button.copy-curl").attr("data-curl"), row.selectFirst("button.copy-json").attr("data-json"));

        ConsolePages.Page badPartition = pages.post("/topics/produced-here/messages", form("value", "x", "partition", "9"));
        assertThat(badPartition.status()).isEqualTo(404);
        assertThat(badPartition.problemCode()).isEqualTo("UNKNOWN_TOPIC_OR_PARTITION");
    }

    @Test
    void theShownRecordsDownloadAsJsonLinesAndEachRowCarriesItsJson() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        calls.createTopic("downloaded", 1, 1);
        calls.produce("downloaded", 4);
        ConsolePages pages = new ConsolePages(base);

        ConsolePages.Page page = pages.get("/topics/downloaded/messages?from=offset&offset=1&limit=2");
        assertThat(page.one("#download").attr("href")).isEqualTo("/topics/downloaded/messages/download?partition=0&from=offset&offset=1&limit=2");
        JsonNode json = new ObjectMapper().readTree(page.one("#messages tr[data-offset=2] button.copy-json").attr("data-json"));
        assertThat(json.path("topic").asText()).isEqualTo("downloaded");
        assertThat(json.path("offset").asLong()).isEqualTo(2);
        assertThat(json.path("value").path("n").asInt()).isEqualTo(2);
        assertThat(json.path("value_kind").asText()).isEqualTo("json");
        assertThat(json.path("timestamp_iso").asText()).isEqualTo(page.one("#messages tr[data-offset=2] td.timestamp").text());

        ConsolePages.Page download = pages.get("/topics/downloaded/messages/download?partition=0&from=offset&offset=1&limit=2");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).startsWith("application/x-ndjson");
        assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"downloaded-p0-1-2.jsonl\"");
        assertThat(download.body().lines().toList()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{\"topic\":\"downloaded\""));
        assertThat(pages.get("/topics/downloaded/messages?partition=0&from=offset&offset=4").doc().select("#download"))
                .as("nothing shown, nothing to download").isEmpty();
    }

    @Test
    void theTailStreamsNewRowsAsServerSentEventsWithTheNextCursorAndHonestCounts() throws Exception {
        GatewayCalls calls = new GatewayCalls(gateway);
        calls.createTopic("polled", 2, 1);
        calls.produce("polled", 3);
        ConsolePages pages = new ConsolePages(base);

        ConsolePages.Page tail = pages.get("/topics/polled/tail");
        Element control = tail.one("#tail-control");
        assertThat(control.attr("data-state")).isEqualTo("live");
        assertThat(control.attr("data-events")).isEqualTo("/topics/polled/tail/events?cursor=0:3,1:0&read=0&shown=0&skipped=0");
        assertThat(tail.one("#tail-rows").attr("data-cap")).isEqualTo("500");

        calls.produce("polled", 2);
        JsonNode event = firstEvent(control.attr("data-events"), e -> !e.path("rows").asText().isBlank());
        assertThat(rows(event.path("rows").asText()).eachAttr("data-offset")).containsExactly("4", "3");
        Element next = Jsoup.parse(event.path("control").asText()).selectFirst("#tail-control");
        assertThat(next.attr("data-events")).isEqualTo("/topics/polled/tail/events?cursor=0:5,1:0&read=2&shown=2&skipped=0");
        assertThat(next.selectFirst("#tail-read").text()).isEqualTo("2");

        JsonNode filtered = firstEvent("/topics/polled/tail/events?cursor=0:0,1:0&q=%22n%22:2", e -> true);
        assertThat(rows(filtered.path("rows").asText()).eachAttr("data-offset")).containsExactly("2");
        Element counts = Jsoup.parse(filtered.path("control").asText());
        assertThat(counts.selectFirst("#tail-read").text()).isEqualTo("5");
        assertThat(counts.selectFirst("#tail-shown").text()).isEqualTo("1");

        JsonNode quiet = firstEvent("/topics/polled/tail/events?cursor=0:5,1:0&read=2&shown=2&skipped=0", e -> true);
        assertThat(quiet.path("rows").asText()).as("nothing new: an event all the same, so a gone viewer is noticed").isBlank();
        assertThat(pages.get("/topics/polled/tail/events?cursor=zero").problemDetail())
                .isEqualTo("cursor: expected partition:offset pairs separated by commas, got 'zero'");
    }

    /** Opens the console's event stream at {@code path} with a plain HTTP client and answers the first event {@code wanted} keeps. */
    private JsonNode firstEvent(String path, Predicate<JsonNode> wanted) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/event-stream")
                .build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        ObjectMapper json = new ObjectMapper();
        try (Stream<String> lines = response.body()) {
            return CompletableFuture.supplyAsync(() -> lines.filter(line -> line.startsWith("data:"))
                    .map(line -> {
                        try {
                            return json.readTree(line.substring("data:".length()).strip());
                        } catch (java.io.IOException e) {
                            throw new AssertionError("an event that is not JSON: " + line, e);
                        }
                    })
                    .filter(wanted).findFirst().orElseThrow()).get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Runs the row's "copy as curl" command in a real shell with the real curl, against the real gateway: the record
     * it stores next in the same partition is the copied one again, byte for byte (all but offset and time).
     */
    private void assertCopyAsCurlProducesItAgain(ConsolePages pages, String curl, String copiedJson) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed (apt-get install -y curl): copy as curl not run");
        assertThat(curl).startsWith("curl -sS -X POST '" + gateway.replaceAll("/$", "") + "/topics/produced-here' ");
        Process shell = new ProcessBuilder("bash", "-c", curl).redirectErrorStream(true).start();
        String answer = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(shell.exitValue()).as(answer).isZero();
        assertThat(answer).isEqualTo("{\"offsets\":[{\"partition\":2,\"offset\":1}]}");

        ObjectMapper json = new ObjectMapper();
        ObjectNode before = (ObjectNode) json.readTree(copiedJson);
        ObjectNode again = (ObjectNode) json.readTree(pages.get("/topics/produced-here/messages?partition=2&from=offset&offset=1&limit=1")
                .one("#messages tr[data-offset=1] button.copy-json").attr("data-json"));
        for (ObjectNode node : List.of(before, again)) {
            node.remove(List.of("offset", "timestamp", "timestamp_iso"));
        }
        assertThat(again).isEqualTo(before);
    }

    /** An event's rows: bare {@code <tr>}s, as the page puts them into the table's body (an HTML parser keeps them only inside a table). */
    private static Elements rows(String html) {
        return Jsoup.parse("<table><tbody>" + html + "</tbody></table>").select("tbody > tr[data-partition]");
    }
}
