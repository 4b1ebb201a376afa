package io.strata.node.replica;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
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
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DeleteRecords across replicas: the leader moves its log start only up to the high watermark,
 * followers follow their leader's start but never past what they know is committed, and the low
 * watermark (what a DeleteRecords answers with) waits for every in-sync follower.
 */
class ReplicaDeleteRecordsTest {

    private static final TopicPartition ID = new TopicPartition("t", 0);

    @TempDir
    Path leaderDir;
    @TempDir
    Path followerDir;
    private ReplicaManager leaderNode;
    private ReplicaManager followerNode;
    private Replica leader;
    private Replica follower;

    @BeforeEach
    void open() throws IOException {
        leaderNode = ReplicaManager.open(leaderDir, 16, LogConfig.DEFAULTS, Clock.systemUTC(), 1, false, 2);
        followerNode = ReplicaManager.open(followerDir, 16, LogConfig.DEFAULTS, Clock.systemUTC(), 2, false, 2);
        leaderNode.create(ID, "id", Map.of());
        followerNode.create(ID, "id", Map.of());
        leader = leaderNode.get(ID);
        follower = followerNode.get(ID);
        leader.becomeLeader(new LeaderState(1, 3, 0, List.of(1, 2, 3), Set.of(1, 2, 3), 0, System.currentTimeMillis()));
        follower.becomeFollower(1, 3);
        follower.truncateAsFollower(following(), Long.MAX_VALUE);
    }

    @AfterEach
    void close() {
        leaderNode.close();
        followerNode.close();
    }

    private ReplicaRole.Following following() {
        return (ReplicaRole.Following) follower.role();
    }

    /** Four batches of 3 records on the leader, replicated to node 2; node 3 has fetched the first three. */
    private void writeAndReplicate() {
        for (int i = 0; i < 4; i++) {
            leader.append(TestBatchesAccess.batch(), false, 1000);
        }
        follower.appendAsFollower(following(), leader.readForFollower(2, 0, 0, 3, 100_000).records(), 0, 0);
        leader.readForFollower(2, 12, 0, 3, 100_000);
        leader.readForFollower(3, 9, 0, 3, 100_000);
        assertThat(leader.highWatermark()).isEqualTo(9);
    }

    @Test
    void theLeaderDeletesUpToTheHighWatermarkAndNoFurther() {
        writeAndReplicate();

        assertThatThrownBy(() -> leader.deleteRecordsBefore(10))
                .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE))
                .hasMessageContaining("high watermark 9");
        assertThatThrownBy(() -> leader.deleteRecordsBefore(-2))
                .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE));
        assertThat(leader.log().logStartOffset()).isZero();

        assertThat(leader.deleteRecordsBefore(4)).isEqualTo(4);
        assertThat(leader.log().logStartOffset()).isEqualTo(4);
        assertThat(leader.deleteRecordsBefore(-1)).as("-1 is the high watermark").isEqualTo(9);
        assertThat(leader.log().logStartOffset()).isEqualTo(9);
        assertThatThrownBy(() -> leader.read(8, 1000))
                .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE));
    }

    @Test
    void theLowWatermarkWaitsForEveryInSyncFollowerToDelete() {
        writeAndReplicate();
        CompletableFuture<Void> change = leader.nextChange().toCompletableFuture();
        leader.deleteRecordsBefore(6);
        assertThat(change).as("followers' long polls wake").isDone();
        assertThat(leader.lowWatermark()).as("both followers start at 0").isZero();

        change = leader.nextChange().toCompletableFuture();
        follower.appendAsFollower(following(), java.nio.ByteBuffer.allocate(0), leader.highWatermark(),
                leader.log().logStartOffset());
        assertThat(follower.log().logStartOffset()).isEqualTo(6);
        leader.readForFollower(2, 12, follower.log().logStartOffset(), 3, 100_000);
        assertThat(change).as("a DeleteRecords waiting on the low watermark wakes").isDone();
        assertThat(leader.lowWatermark()).as("node 3 is in sync and still starts at 0").isZero();

        leader.readForFollower(3, 9, 6, 3, 100_000);
        assertThat(leader.lowWatermark()).isEqualTo(6);
    }

    @Test
    void aFollowerNeverDeletesPastTheHighWatermarkItKnows() {
        writeAndReplicate();
        leader.deleteRecordsBefore(9);

        follower.appendAsFollower(following(), java.nio.ByteBuffer.allocate(0), 3, 9);
        assertThat(follower.log().logStartOffset()).isEqualTo(3);

        follower.appendAsFollower(following(), java.nio.ByteBuffer.allocate(0), 9, 9);
        assertThat(follower.log().logStartOffset()).isEqualTo(9);
        assertThat(follower.log().logEndOffset()).isEqualTo(12);
    }

    @Test
    void anOutOfSyncFollowerDoesNotHoldTheLowWatermark() {
        writeAndReplicate();
        leader.deleteRecordsBefore(6);
        leader.readForFollower(2, 12, 6, 3, 100_000);
        leader.readForFollower(3, 9, 0, 3, 100_000);
        assertThat(leader.lowWatermark()).isZero();

        leader.isrChanged(leader.leaderState(), Set.of(1, 2), 1);

        assertThat(leader.lowWatermark()).isEqualTo(6);
    }
}
