package io.strata.client.consumer;

import io.strata.client.config.ConsumerConfig;
import io.strata.client.connection.GatewayConnection;
import io.strata.client.connection.LeaderConnections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Fetcher#endWait}: how a group member's poll thread learns at once that the group gave
 * it partitions to give up or take, instead of at the end of its wait for records. No gateway is
 * reached (nothing is assigned, so nothing is fetched).
 */
class FetcherEndWaitTest {

    private final ConsumerConfig config = ConsumerConfig.of(Map.of("bootstrap.servers", "127.0.0.1:1"));
    private final GatewayConnection connection = new GatewayConnection(config.bootstrapServers(), 1 << 20, config.security());
    private final Fetcher fetcher = new Fetcher(config, connection, new LeaderConnections(false, config.security(), 64 << 20, 30_000));

    @AfterEach
    void close() {
        fetcher.close();
        connection.close();
    }

    @Test
    void endWaitReturnsAPollUnderWayAtOnceWithoutAnError() throws Exception {
        long started = System.nanoTime();
        CompletableFuture<List<ConsumerRecord>> polling = CompletableFuture.supplyAsync(() -> fetcher.poll(TimeUnit.SECONDS.toNanos(30)));
        fetcher.endWait();
        assertThat(polling.get(60, TimeUnit.SECONDS)).isEmpty();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("seconds until the poll returned").isLessThan(15);
    }

    @Test
    void anEndedWaitEndsOnlyTheNextPoll() {
        fetcher.endWait();
        long ended = System.nanoTime();
        assertThat(fetcher.poll(TimeUnit.SECONDS.toNanos(30))).isEmpty();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - ended)).as("seconds until the poll returned").isLessThan(15);
        long started = System.nanoTime();
        assertThat(fetcher.poll(TimeUnit.MILLISECONDS.toNanos(300))).isEmpty();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(250);
    }
}
