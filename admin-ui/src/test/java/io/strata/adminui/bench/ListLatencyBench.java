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
 * {@code bench-<n>} through the gateway (skipping those that exist) and, when {@code groups} is
 * given, that many groups {@code bench-group-<n>} with a committed offset each (an offset reset to
 * earliest of topic {@code bench-<n % topics>}), then times {@code rounds} requests of each list
 * view and prints p50 and p99.
 *
 * <pre>
 * java -cp … io.strata.adminui.bench.ListLatencyBench http://127.0.0.1:8080 http://127.0.0.1:8083 10000 50 1000
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
        int groups = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        long began = System.nanoTime();
        createTopics(new GatewayCalls(gateway), topics);
        System.out.printf("%d topics there after %.1f s%n", topics, (System.nanoTime() - began) / 1e9);
        began = System.nanoTime();
        createGroups(new GatewayCalls(gateway), groups, topics);
        System.out.printf("%d groups there after %.1f s%n", groups, (System.nanoTime() - began) / 1e9);
        HttpClient http = HttpClient.newHttpClient();
        for (String view : List.of("/topics", "/topics?q=bench-99&sort=partitions&dir=desc", "/topics?page=100&size=50",
                "/groups", "/groups?q=bench-group-99&sort=group&dir=desc", "/groups?page=10&size=50", "/cluster")) {
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
        inParallel(count, i -> {
            GatewayCalls.Answer answer = null;
            for (int attempt = 0; attempt < 3 && (answer == null || answer.status() >= 500); attempt++) {
                // a 5xx (e.g. NODE_NOT_AVAILABLE while the gateway's channel to the metadata service is replaced) is retried
                answer = calls.call("POST", "/admin/topics", "{\"name\":\"bench-" + i + "\",\"partitions\":1,\"replication_factor\":1}");
            }
            if (answer.status() != 201 && answer.status() != 409) {
                throw new IllegalStateException("creating bench-" + i + ": " + answer.status() + " " + answer.body());
            }
        });
    }

    private static void createGroups(GatewayCalls calls, int count, int topics) throws Exception {
        inParallel(count, i -> calls.json("POST", "/admin/groups/bench-group-" + i + "/offsets/reset",
                "{\"to\":\"earliest\",\"topics\":[{\"topic\":\"bench-" + (i % topics) + "\",\"partitions\":[0]}]}"));
    }

    /** Runs {@code call(0 … count-1)} on 8 threads; the first failure fails the bench. */
    private static void inParallel(int count, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            calls.add(pool.submit(() -> {
                call.run(n);
                return null;
            }));
        }
        for (Future<?> f : calls) {
            f.get();
        }
        pool.shutdown();
    }

    @FunctionalInterface
    private interface Call {
        void run(int n) throws Exception;
    }
}
