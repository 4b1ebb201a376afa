package io.strata.connector.commit;

import io.strata.client.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The throttled handler's schedule, revocations, failed commits and overdue reports, on a fake clock. */
class ThrottledCommitHandlerTest {

    private static final TopicPartition P0 = new TopicPartition("prices", 0);
    private static final TopicPartition P1 = new TopicPartition("prices", 1);

    @Test
    void commitsEveryIntervalOnlyWhatMoved() {
        CommitHandler handler = CommitHandler.of(CommitStrategy.THROTTLED, 5_000, 60_000);
        handler.assigned(List.of(P0, P1));
        handler.received(P0, 0, 0);
        handler.received(P0, 1, 0);
        handler.received(P1, 7, 0);
        handler.acknowledged(P0, 1);
        assertThat(handler.due(0)).isEqualTo(Map.of(P0, 0L, P1, 7L));
        handler.acknowledged(P0, 0);
        assertThat(handler.due(4_999)).isEmpty();
        assertThat(handler.due(5_000)).isEqualTo(Map.of(P0, 2L));
        assertThat(handler.due(10_000)).isEmpty();
    }

    @Test
    void aFailedCommitIsOfferedAgain() {
        CommitHandler handler = CommitHandler.of(CommitStrategy.THROTTLED, 1_000, 0);
        handler.assigned(List.of(P0));
        handler.received(P0, 3, 0);
        handler.acknowledged(P0, 3);
        Map<TopicPartition, Long> first = handler.due(0);
        assertThat(first).isEqualTo(Map.of(P0, 4L));
        handler.commitFailed(first);
        assertThat(handler.due(1_000)).isEqualTo(Map.of(P0, 4L));
    }

    @Test
    void revocationCommitsTheAcknowledgedPrefixAndForgetsThePartition() {
        CommitHandler handler = CommitHandler.of(CommitStrategy.THROTTLED, 5_000, 60_000);
        handler.assigned(List.of(P0, P1));
        handler.received(P0, 0, 0);
        handler.received(P0, 1, 0);
        handler.acknowledged(P0, 0);
        assertThat(handler.revoked(List.of(P0))).isEqualTo(Map.of(P0, 1L));
        handler.acknowledged(P0, 1); // a late acknowledgement of a revoked partition
        assertThat(handler.all()).isEmpty();
    }

    @Test
    void aRecordWaitingTooLongIsReported() {
        CommitHandler handler = CommitHandler.of(CommitStrategy.THROTTLED, 5_000, 60_000);
        handler.assigned(List.of(P0));
        handler.received(P0, 41, 1_000);
        handler.received(P0, 42, 2_000);
        handler.acknowledged(P0, 42);
        assertThat(handler.overdue(61_000)).isEmpty();
        assertThat(handler.overdue(61_001)).get().extracting(Throwable::getMessage).isEqualTo(
                "the record at offset 41 of prices-0 has waited 60001 ms for its acknowledgement, more than"
                        + " throttled.unprocessed-record-max-age.ms=60000; nothing after it can be committed."
                        + " Acknowledge (or nack) every message, or raise the limit (0 turns the check off)");
    }

    @Test
    void latestCommitsTheHighestAcknowledgedAtOnce() {
        CommitHandler handler = CommitHandler.of(CommitStrategy.LATEST, 5_000, 60_000);
        handler.assigned(List.of(P0));
        handler.received(P0, 0, 0);
        handler.received(P0, 1, 0);
        handler.received(P0, 2, 0);
        handler.acknowledged(P0, 2);
        assertThat(handler.due(0)).isEqualTo(Map.of(P0, 3L));
        handler.acknowledged(P0, 0);
        assertThat(handler.due(1)).isEmpty();
        assertThat(handler.overdue(1_000_000)).isEmpty();
    }

    @Test
    void ignoreCommitsNothing() {
        CommitHandler handler = CommitHandler.of(CommitStrategy.IGNORE, 5_000, 60_000);
        handler.assigned(List.of(P0));
        handler.received(P0, 0, 0);
        handler.acknowledged(P0, 0);
        assertThat(handler.due(0)).isEmpty();
        assertThat(handler.revoked(List.of(P0))).isEmpty();
        assertThat(handler.all()).isEmpty();
    }
}
