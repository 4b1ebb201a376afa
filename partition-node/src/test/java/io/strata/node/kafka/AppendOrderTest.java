package io.strata.node.kafka;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Appends to one partition run in submission order, one at a time, even on a pool of many threads. */
class AppendOrderTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasksOfOneKeyRunOneAtATimeInSubmissionOrderAndKeysRunSideBySide() throws Exception {
        AppendOrder<String> order = new AppendOrder<>(pool);
        Map<String, List<Integer>> ran = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String key = "p" + (i % 4);
            int n = i;
            all.add(order.submit(key, () -> {
                if (running.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                if (n % 7 == 0) {
                    Thread.onSpinWait();
                }
                ran.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(n);
                running.get(key).decrementAndGet();
                if (n % 13 == 0) {
                    throw new IllegalStateException("a failed append must not stop the ones behind it");
                }
                return n;
            }));
        }
        CompletableFuture.allOf(all.stream().map(f -> f.exceptionally(t -> -1)).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);

        assertThat(overlaps).hasValue(0);
        for (int key = 0; key < 4; key++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = key; i < 2000; i += 4) {
                expected.add(i);
            }
            assertThat(ran.get("p" + key)).as("p%d", key).containsExactlyElementsOf(expected);
        }
        assertThat(all.get(13)).isCompletedExceptionally();
        assertThat(all.get(14).get()).isEqualTo(14);
    }
}
