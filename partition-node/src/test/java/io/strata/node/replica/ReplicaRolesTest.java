package io.strata.node.replica;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.node.log.AppendResult;
import io.strata.node.log.LogConfig;
import io.strata.node.log.TestBatchesAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A replica's role decides what it may do: appends, acks=all, follower fetches and consumer reads. */
class ReplicaRolesTest {

    private static final TopicPartition ID = new TopicPartition("t", 0);

    @TempDir
    Path dataDir;
    private ReplicaManager manager;
    private Replica replica;

    @BeforeEach
    void open() throws IOException {
        manager = ReplicaManager.open(dataDir, 16, LogConfig.DEFAULTS, Clock.systemUTC(), 1, false);
        manager.create(ID, "id", Map.of("min.insync.replicas", "2"));
        replica = manager.get(ID);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static ErrorCode codeOf(Throwable failure) {
        return ((StrataException) failure).code();
    }

    @Test
    void withoutARoleNothingIsAcceptedOrServed() {
        assertThatThrownBy(() -> replica.append(TestBatchesAccess.batch(), false, 1000))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_LEADER_OR_FOLLOWER));
        assertThatThrownBy(() -> replica.read(0, 100))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_LEADER_OR_FOLLOWER));
    }

    @Test
    void aLeaderAnswersAcksAllOnlyOnceItsFollowersHaveTheRecords() {
        replica.becomeLeader(new LeaderState(1, 3, 0, List.of(1, 2, 3), Set.of(1, 2, 3), 0, System.currentTimeMillis()));

        CompletionStage<AppendResult> pending = replica.append(TestBatchesAccess.batch(), true, 60_000);
        assertThat(pending.toCompletableFuture()).isNotDone();
        assertThat(replica.read(0, 1000).records().hasRemaining()).as("consumers see nothing below the HW").isFalse();

        replica.readForFollower(2, 3, 3, 1000);
        assertThat(pending.toCompletableFuture()).isNotDone();
        replica.readForFollower(3, 3, 3, 1000);

        assertThat(pending.toCompletableFuture()).isCompleted();
        assertThat(replica.highWatermark()).isEqualTo(3);
        assertThat(replica.read(0, 1000).records().hasRemaining()).isTrue();
    }

    @Test
    void acksAllIsRefusedBeforeWritingWhenTheIsrIsTooSmall() {
        replica.becomeLeader(new LeaderState(1, 3, 0, List.of(1, 2, 3), Set.of(1), 0, System.currentTimeMillis()));

        assertThatThrownBy(() -> replica.append(TestBatchesAccess.batch(), true, 1000))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_ENOUGH_REPLICAS));
        assertThat(replica.log().logEndOffset()).isZero();
        assertThat(replica.append(TestBatchesAccess.batch(), false, 1000).toCompletableFuture()).isCompleted();
    }

    @Test
    void followersAtAnotherEpochAreFenced() {
        replica.becomeLeader(new LeaderState(1, 3, 0, List.of(1, 2, 3), Set.of(1, 2, 3), 0, System.currentTimeMillis()));

        assertThatThrownBy(() -> replica.readForFollower(2, 0, 2, 1000))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.FENCED_LEADER_EPOCH));
        assertThatThrownBy(() -> replica.readForFollower(2, 0, 4, 1000))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.UNKNOWN_LEADER_EPOCH));
    }

    @Test
    void aDeposedLeaderFailsItsWaitingAppendsAndTakesNoMore() {
        replica.becomeLeader(new LeaderState(1, 3, 0, List.of(1, 2, 3), Set.of(1, 2, 3), 0, System.currentTimeMillis()));
        CompletionStage<AppendResult> pending = replica.append(TestBatchesAccess.batch(), true, 60_000);

        replica.becomeFollower(2, 4);

        assertThat(pending.toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> replica.append(TestBatchesAccess.batch(), false, 1000))
                .hasMessageContaining("node 2 does at leader epoch 4")
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.NOT_LEADER_OR_FOLLOWER));
    }

    @Test
    void aWaiterThatGivesUpDoesNotCancelTheOthers() {
        replica.becomeLeader(new LeaderState(1, 3, 0, List.of(1), Set.of(1), 0, System.currentTimeMillis()));
        java.util.concurrent.CompletableFuture<Void> givesUp = replica.nextChange().toCompletableFuture();
        java.util.concurrent.CompletableFuture<Void> waits = replica.nextChange().toCompletableFuture();

        givesUp.cancel(false);
        replica.append(TestBatchesAccess.batch(), false, 1000);

        assertThat(waits).isCompletedWithValue(null);
    }
}
