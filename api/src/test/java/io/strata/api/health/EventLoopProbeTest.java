package io.strata.api.health;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real Vert.x with two event loops: one blocked by a task turns the probe down, and up once released. */
class EventLoopProbeTest {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2)
            .setBlockedThreadCheckInterval(3_600_000));

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aBlockedLoopIsDownUntilItRunsAgain() {
        Duration stallAfter = Duration.ofMillis(500);
        EventLoopProbe probe = new EventLoopProbe(vertx.nettyEventLoopGroup(), Duration.ofMillis(50));
        assertThat(probe.loops()).isEqualTo(2);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                .until(() -> probe.verdict(System.nanoTime(), stallAfter).up());

        CountDownLatch release = new CountDownLatch(1);
        vertx.nettyEventLoopGroup().iterator().next().execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !probe.verdict(System.nanoTime(), stallAfter).up());
            assertThat(probe.verdict(System.nanoTime(), stallAfter).reason()).startsWith("event loop 0 last ran its probe");
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.verdict(System.nanoTime(), stallAfter).up());
    }
}
