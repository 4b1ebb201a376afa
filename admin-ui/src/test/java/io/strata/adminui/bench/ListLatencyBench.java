package io.strata.adminui.bench;

import io.strata.adminui.GatewayCalls;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A program, not a test: how long the console's topic and group lists take to answer with many
 * topics and groups. It creates {@code topics} one-partition, replication-factor-1 topics named
 * {@code bench-<n>} through the gateway (skipping those that exist), then times {@code rounds}
 * requests of each list view and prints p50 and p99.
 *
 * <pre>
 * java -cp … io.strata.adminui.bench.ListLatencyBench http://127.0.0.1:8080 http://127.0.0.1:8083 10000 50
 * </pre>
 */
public final class ListLatencyBench {

    private ListLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String console = args[1];
        int topics = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        createTopics(new GatewayCalls(gateway), topics);
        HttpClient http = HttpClient.newHttpClient();
        for (String view : List.of("/topics", "/topics?q=bench-99&sort=partitions&dir=desc", "/topics?page=100&size=50",
                "/groups", "/cluster")) {
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < rounds + 5; i++) {
                long start = System.nanoTime();
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(console + view))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException(view + " answered " + answer.statusCode());
                }
                if (i >= 5) {
                    micros.add((System.nanoTime() - start) / 1000);
                }
            }
            Collections.sort(micros);
            System.out.printf("%-50s p50 %6.1f ms  p99 %6.1f ms  (%d requests after 5 warm-up)%n", view,
                    micros.get(micros.size() / 2) / 1000.0, micros.get((int) Math.ceil(micros.size() * 0.99) - 1) / 1000.0, rounds);
        }
    }

    private static void createTopics(GatewayCalls calls, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "bench-" + i;
            created.add(pool.submit(() -> {
                GatewayCalls.Answer answer = calls.call("POST", "/admin/topics",
                        "{\"name\":\"" + name + "\",\"partitions\":1,\"replication_factor\":1}");
                if (answer.status() != 201 && answer.status() != 409) {
                    throw new IllegalStateException("creating " + name + ": " + answer.status() + " " + answer.body());
                }
                return null;
            }));
        }
        for (Future<?> f : created) {
            f.get();
        }
        pool.shutdown();
    }
}
