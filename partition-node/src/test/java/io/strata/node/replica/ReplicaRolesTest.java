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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A replica's role decides what it may do: appends, acks=all, follower fetches and consumer reads;
 * and one lock orders role changes against appends.
 */
class ReplicaRolesTest {

    private static final TopicPartition ID = new TopicPartition("t", 0);

    @TempDir
    Path dataDir;
    private ReplicaManager manager;
    private Replica replica;

    @BeforeEach
    void open() throws IOException {
        manager = ReplicaManager.open(dataDir, 16, LogConfig.DEFAULTS, Clock.systemUTC(), 1, false, 2);
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

    private static ErrorCode failureOf(CompletionStage<?> stage) {
        return stage.toCompletableFuture().handle((done, failure) -> failure == null ? null
                : codeOf(failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure)).join();
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

    /**
     * The leak this replaces: every wait hung a completion on one shared future, which a wait that
     * timed out could not unhook, so on a replica nobody wrote to the waits piled up until the next
     * write. Now a wait that ends in any way leaves the replica, and nothing keeps it reachable.
     */
    @Test
    void waitsThatEndWithoutAChangeLeaveNothingBehindOnAnIdleReplica() {
        replica.becomeLeader(new LeaderState(1, 3, 0, List.of(1), Set.of(1), 0, System.currentTimeMillis()));
        for (int i = 0; i < 10_000; i++) {
            java.util.concurrent.CompletableFuture<Void> wait = replica.nextChange();
            if (i % 2 == 0) {
                wait.cancel(false);
            } else {
                wait.completeOnTimeout(null, 0, java.util.concurrent.TimeUnit.NANOSECONDS).join();
            }
        }
        assertThat(replica.changeWaits()).isZero();

        java.util.concurrent.CompletableFuture<Void> gaveUp = replica.nextChange();
        java.lang.ref.WeakReference<Object> released = new java.lang.ref.WeakReference<>(gaveUp);
        gaveUp.cancel(false);
        gaveUp = null;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            System.gc();
            return released.get() == null;
        });
    }

    @Test
    void acksAllAnswersNotEnoughReplicasAfterAppendWhenTheIsrShrinksDuringTheWait() {
        LeaderState state = new LeaderState(1, 3, 0, List.of(1, 2, 3), Set.of(1, 2, 3), 0, System.currentTimeMillis());
        replica.becomeLeader(state);
        CompletionStage<AppendResult> pending = replica.append(TestBatchesAccess.batch(), true, 60_000);
        assertThat(pending.toCompletableFuture()).isNotDone();

        // The followers stopped fetching: the ISR shrinks to the leader alone, which moves the
        // high watermark to the leader's log end — past the waiting append.
        replica.isrChanged(state, Set.of(1), 1);

        assertThat(replica.highWatermark()).isEqualTo(3);
        assertThat(failureOf(pending)).isEqualTo(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
        assertThat(replica.log().logEndOffset()).as("written once, not twice").isEqualTo(3);
    }

    @Test
    void acksAllBeyondTheNodesWaiterPlacesIsThrottledBeforeAnythingIsWritten() {
        replica.becomeLeader(new LeaderState(1, 3, 0, List.of(1, 2), Set.of(1, 2), 0, System.currentTimeMillis()));
        CompletionStage<AppendResult> first = replica.append(TestBatchesAccess.batch(), true, 60_000);
        CompletionStage<AppendResult> second = replica.append(TestBatchesAccess.batch(), true, 60_000);

        assertThatThrownBy(() -> replica.append(TestBatchesAccess.batch(), true, 60_000))
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(ErrorCode.THROTTLED));
        assertThat(replica.log().logEndOffset()).isEqualTo(6);

        replica.readForFollower(2, 6, 3, 1000);
        assertThat(failureOf(first)).isNull();
        assertThat(failureOf(second)).isNull();
        assertThat(replica.append(TestBatchesAccess.batch(), true, 60_000).toCompletableFuture()).isNotDone();
    }

    @Test
    void aStaleFollowerRoleNeitherTruncatesNorAppendsNorReplacesANewerLeadership() {
        replica.becomeFollower(2, 4);
        ReplicaRole.Following stale = (ReplicaRole.Following) replica.role();
        replica.becomeLeader(new LeaderState(1, 5, 0, List.of(1, 2), Set.of(1), 0, System.currentTimeMillis()));
        replica.append(TestBatchesAccess.batch(), false, 1000);

        assertThat(replica.truncateAsFollower(stale, 0)).isFalse();
        assertThat(replica.appendAsFollower(stale, TestBatchesAccess.batch(), 0)).isFalse();

        assertThat(replica.role()).isInstanceOf(ReplicaRole.Leading.class);
        assertThat(replica.role().leaderEpoch()).isEqualTo(5);
        assertThat(replica.log().logEndOffset()).isEqualTo(3);
    }

    /**
     * The interleaving of issue 11: an append passed the leadership check, then the replica became
     * a follower and truncated, then the append landed — a stale epoch's batch after the
     * truncation, and the replicas diverged. Made deterministic by holding the leader state's
     * monitor, which the append needs (for the ISR) between its leadership check and its write.
     */
    @Test
    void aRoleChangeAndTruncationRacingAnAppendLeaveNoStaleBatchAndTheReplicasIdentical(@TempDir Path otherDir)
            throws Exception {
        LeaderState state = new LeaderState(1, 3, 0, List.of(1, 2), Set.of(1, 2), 0, System.currentTimeMillis());
        replica.becomeLeader(state);
        replica.append(TestBatchesAccess.batch(), false, 1000);
        try (ReplicaManager other = ReplicaManager.open(otherDir, 16, LogConfig.DEFAULTS, Clock.systemUTC(), 2, false, 2)) {
            other.create(ID, "id", Map.of("min.insync.replicas", "2"));
            Replica newLeader = other.get(ID);
            newLeader.becomeFollower(1, 3);
            newLeader.truncateAsFollower((ReplicaRole.Following) newLeader.role(), Long.MAX_VALUE);
            newLeader.appendAsFollower((ReplicaRole.Following) newLeader.role(), replica.log().read(0, 10_000).records(), 3);
            newLeader.becomeLeader(new LeaderState(2, 5, 1, List.of(1, 2), Set.of(2), 3, System.currentTimeMillis()));
            newLeader.append(TestBatchesAccess.batch(), false, 1000);

            AtomicReference<CompletionStage<AppendResult>> stale = new AtomicReference<>();
            Thread appender = new Thread(() -> stale.set(replica.append(TestBatchesAccess.batch(), true, 60_000)));
            ReplicaRole.Following following = new ReplicaRole.Following(2, 5, false);
            Thread roleChange = new Thread(() -> {
                replica.becomeOffline(4);
                replica.becomeFollower(2, 5);
                replica.truncateAsFollower(following, 3);
            });
            synchronized (state) {
                appender.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> appender.getState() == Thread.State.BLOCKED);
                roleChange.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> roleChange.getState() == Thread.State.WAITING
                        || roleChange.getState() == Thread.State.TERMINATED);
            }
            appender.join(10_000);
            roleChange.join(10_000);

            assertThat(replica.log().logEndOffset()).as("no batch of epoch 3 after the truncation").isEqualTo(3);
            assertThat(failureOf(stale.get())).isEqualTo(ErrorCode.LEADER_NOT_AVAILABLE);
            ReplicaRole.Following ready = new ReplicaRole.Following(2, 5, true);
            assertThat(replica.appendAsFollower(ready, newLeader.log().read(3, 10_000).records(), 6)).isTrue();
            assertThat(replica.log().read(0, 100_000).records())
                    .isEqualTo(newLeader.log().read(0, 100_000).records());
        }
    }

    @Test
    void aReplicaOpenedAgainStartsFromItsCheckpointedHighWatermarkNotZero() {
        replica.becomeLeader(new LeaderState(1, 3, 0, List.of(1, 2, 3), Set.of(1, 2, 3), 0, System.currentTimeMillis()));
        replica.append(TestBatchesAccess.batch(), false, 1000);
        replica.readForFollower(2, 3, 3, 1000);
        replica.readForFollower(3, 3, 3, 1000);
        assertThat(replica.highWatermark()).isEqualTo(3);

        manager.checkpointHighWatermarks();
        manager.close();
        manager = reopen();

        assertThat(manager.get(ID).highWatermark()).isEqualTo(3);
    }

    @Test
    void aCheckpointAboveTheLogEndIsCappedAtTheLogEnd() throws IOException {
        manager.close();
        Files.writeString(dataDir.resolve("t-0").resolve(Replica.HIGH_WATERMARK_FILE), "42\n");
        manager = reopen();

        assertThat(manager.get(ID).highWatermark()).as("a crash lost the tail the mark had passed").isZero();
    }

    private ReplicaManager reopen() {
        try {
            ReplicaManager reopened = ReplicaManager.open(dataDir, 16, LogConfig.DEFAULTS, Clock.systemUTC(), 1, false, 2);
            reopened.load();
            return reopened;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
