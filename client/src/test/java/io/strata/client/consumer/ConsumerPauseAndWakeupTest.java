package io.strata.client.consumer;

import io.strata.client.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pause bookkeeping and wakeup of a consumer, without a cluster: nothing here needs an answer
 * from a gateway (the bootstrap address is never reached; pause and wakeup are local decisions).
 * Their effect on fetching is shown against a real cluster by the connector module's
 * {@code ConsumerPauseCommitClusterTest}.
 */
class ConsumerPauseAndWakeupTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);
    private static final TopicPartition P2 = new TopicPartition("orders", 2);

    private Consumer consumer;

    @BeforeEach
    void create() {
        consumer = Consumer.create(Map.of("bootstrap.servers", "127.0.0.1:1"));
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    @Test
    void metricsStartAtZeroShowPausedPartitionsAndMayBeReadFromAnotherThread() throws Exception {
        consumer.assign(List.of(P0, P1));
        consumer.pause(List.of(P1));
        ConsumerMetrics metrics = CompletableFuture.supplyAsync(consumer::metrics).get(10, TimeUnit.SECONDS);
        // no position known yet (nothing answered), so no lag: only partitions with a position have one
        assertThat(metrics).isEqualTo(new ConsumerMetrics(0, 0, 0, 0, 0, Map.of(), Set.of(P1)));
    }

    @Test
    void pausedPartitionsAreTrackedUntilResumed() {
        consumer.assign(List.of(P0, P1));
        consumer.pause(List.of(P0));
        assertThat(consumer.paused()).containsExactly(P0);
        consumer.pause(List.of(P0, P1));
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
        consumer.resume(List.of(P1));
        assertThat(consumer.paused()).containsExactly(P0);
        consumer.resume(List.of(P1)); // not paused: nothing happens
        assertThat(consumer.paused()).containsExactly(P0);
    }

    @Test
    void aPauseOutlivesSeeksAndReassignmentsThatKeepThePartition() {
        consumer.assign(List.of(P0, P1));
        consumer.pause(List.of(P0));
        consumer.seek(P0, 42);
        consumer.seekToBeginning(List.of(P0));
        consumer.assign(List.of(P0, P2));
        assertThat(consumer.paused()).containsExactly(P0);
    }

    @Test
    void anUnassignedPartitionIsNoLongerPaused() {
        consumer.assign(List.of(P0, P1));
        consumer.pause(List.of(P0, P1));
        consumer.assign(List.of(P1));
        assertThat(consumer.paused()).containsExactly(P1);
        consumer.assign(List.of(P0, P1));
        assertThat(consumer.paused()).containsExactly(P1);
    }

    @Test
    void pausingAPartitionNotAssignedIsRefusedAndPausesNothing() {
        consumer.assign(List.of(P0));
        assertThatThrownBy(() -> consumer.pause(List.of(P0, P2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("orders-2 is not assigned to this consumer (assigned: [orders-0])");
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void wakeupInterruptsAPollBlockedInAnotherThread() throws Exception {
        long started = System.nanoTime();
        CompletableFuture<List<ConsumerRecord>> polling = CompletableFuture.supplyAsync(() -> consumer.poll(Duration.ofMinutes(5)));
        consumer.wakeup();
        assertThatThrownBy(() -> polling.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WakeupException.class).hasMessage("woken up by Consumer.wakeup()");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(30);
    }

    @Test
    void aWakeupWithoutAPollMakesOnlyTheNextPollThrow() {
        consumer.wakeup();
        assertThatThrownBy(() -> consumer.poll(Duration.ZERO)).isInstanceOf(WakeupException.class);
        assertThat(consumer.poll(Duration.ZERO)).isEmpty();
    }

    @Test
    void wakeupOfAGroupMemberPollInterruptsItToo() throws Exception {
        try (Consumer member = Consumer.create(Map.of("bootstrap.servers", "127.0.0.1:1", "group.id", "readers"))) {
            member.subscribe(Set.of("orders"));
            CompletableFuture<List<ConsumerRecord>> polling = CompletableFuture.supplyAsync(() -> member.poll(Duration.ofMinutes(5)));
            member.wakeup();
            assertThatThrownBy(() -> polling.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(WakeupException.class);
        }
    }
}
