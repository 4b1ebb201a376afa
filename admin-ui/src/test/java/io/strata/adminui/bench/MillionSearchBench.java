package io.strata.adminui.bench;

import io.strata.adminui.ConsolePages;
import io.strata.adminui.GatewayCalls;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A program, not a test: a JSON-field message search over a large topic, through the console, as
 * an operator runs it. It produces {@code records} JSON records to {@code topic} through the
 * gateway ({@code {"n":…,"kind":"plain"}}, every {@code records / needles}-th one
 * {@code "kind":"needle"}), unless the topic already holds that many, then searches
 * {@code $.kind = needle} from the start: each step is one page, and the program follows the
 * page's Continue link until the search reaches the end, printing each step's progress line
 * ("scanned 200,000 of 1,000,000, 2 matches") and, at the end, the matches found, the time and
 * the records scanned a second.
 *
 * <pre>
 * java -cp … io.strata.adminui.bench.MillionSearchBench http://127.0.0.1:8080 http://127.0.0.1:8083 search-1m 1000000 5 3
 * </pre>
 * (gateway, console, topic, records, needles, partitions)
 */
public final class MillionSearchBench {

    private static final int PRODUCE_BATCH = 5000;

    private MillionSearchBench() {
    }

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        URI console = URI.create(args[1]);
        String topic = args[2];
        int records = Integer.parseInt(args[3]);
        int needles = Integer.parseInt(args[4]);
        int partitions = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        GatewayCalls calls = new GatewayCalls(gateway);
        if (!calls.topicExists(topic)) {
            calls.createTopic(topic, partitions, 1);
        }
        long began = System.nanoTime();
        produce(calls, topic, records, needles);
        System.out.printf("%,d records in %s after %.1f s%n", records, topic, (System.nanoTime() - began) / 1e9);

        ConsolePages pages = new ConsolePages(console);
        String path = "/topics/" + topic + "/messages/search?by=json&path=kind&value=needle";
        List<String> matches = new ArrayList<>();
        int steps = 0;
        began = System.nanoTime();
        while (path != null) {
            long stepBegan = System.nanoTime();
            ConsolePages.Page page = pages.get(path);
            if (page.status() != 200) {
                throw new IllegalStateException(path + " answered " + page.status() + ": " + page.response().body());
            }
            steps++;
            page.doc().select("#matches tbody tr").forEach(row -> matches.add(row.attr("data-partition") + "@" + row.attr("data-offset")));
            System.out.printf("step %d (%.2f s): %s%n", steps, (System.nanoTime() - stepBegan) / 1e9,
                    page.one("#search-progress strong").text());
            path = page.doc().select("#search-continue").isEmpty() ? null : page.one("#search-continue").attr("href");
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("%d matches %s in %d steps, %.1f s, %,.0f records/s scanned%n", matches.size(), matches, steps,
                seconds, records / seconds);
        if (matches.size() != needles) {
            throw new IllegalStateException("expected " + needles + " matches, found " + matches.size());
        }
    }

    /** Produces what the topic lacks of {@code records}, {@code PRODUCE_BATCH} records a request. */
    private static void produce(GatewayCalls calls, String topic, int records, int needles) throws Exception {
        long held = 0;
        for (com.fasterxml.jackson.databind.JsonNode partition : calls.json("GET", "/admin/topics/" + topic, null).path("partitions")) {
            held += partition.path("high_watermark").asLong();
        }
        int every = records / needles;
        for (long n = held; n < records; n += PRODUCE_BATCH) {
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (long i = n; i < Math.min(records, n + PRODUCE_BATCH); i++) {
                body.append(i == n ? "" : ",").append("{\"value\":{\"n\":").append(i).append(",\"kind\":\"")
                        .append(i % every == every / 2 ? "needle" : "plain").append("\"}}");
            }
            GatewayCalls.Answer answer = calls.call("POST", "/topics/" + topic, body.append("]}").toString());
            if (answer.status() != 200) {
                throw new IllegalStateException("producing at " + n + ": " + answer.status() + " " + answer.body());
            }
        }
    }
}
