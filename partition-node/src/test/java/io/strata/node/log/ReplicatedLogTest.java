package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.strata.node.log.TestBatches.batch;
import static io.strata.node.log.TestBatches.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The log operations replication is built on: follower appends, leader epochs, truncation. */
class ReplicatedLogTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final LogConfig SMALL = LogConfig.DEFAULTS.with(Map.of(
            LogConfig.SEGMENT_BYTES, "2048", LogConfig.INDEX_INTERVAL_BYTES, "256"));

    @TempDir
    Path root;
    private final ManualClock clock = new ManualClock(T0);
    private final FileHandles files = new FileHandles(64);
    private final List<PartitionLog> logs = new ArrayList<>();

    @AfterEach
    void close() {
        logs.forEach(PartitionLog::close);
        files.close();
    }

    private PartitionLog open(String name) throws IOException {
        PartitionLog log = PartitionLog.open(root.resolve(name), SMALL, files, clock);
        logs.add(log);
        return log;
    }

    private static void appendBatches(PartitionLog log, int batches, int epoch) {
        for (int i = 0; i < batches; i++) {
            int next = (int) log.logEndOffset();
            log.appendAsLeader(batch(next, 5, T0 + next), epoch);
        }
    }

    /** Copies everything the follower lacks from the leader, as the replica fetcher does. */
    private static void catchUp(PartitionLog follower, PartitionLog leader) {
        while (follower.logEndOffset() < leader.logEndOffset()) {
            follower.appendAsFollower(leader.read(follower.logEndOffset(), 1000).records());
        }
    }

    private static List<byte[]> segmentFiles(PartitionLog log) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        for (long base : log.segmentBaseOffsets()) {
            contents.add(Files.readAllBytes(log.dir().resolve(Segment.fileName(base, ".log"))));
        }
        return contents;
    }

    @Test
    void aFollowerHoldsTheLeadersBatchesByteForByte() throws IOException {
        PartitionLog leader = open("leader");
        PartitionLog follower = open("follower");
        appendBatches(leader, 60, 4);

        catchUp(follower, leader);

        assertThat(follower.logEndOffset()).isEqualTo(300);
        assertThat(follower.segmentBaseOffsets()).isEqualTo(leader.segmentBaseOffsets());
        assertThat(segmentFiles(follower)).containsExactlyElementsOf(segmentFiles(leader));
        assertThat(follower.latestEpoch()).isEqualTo(4);
    }

    @Test
    void aFollowerRefusesBatchesThatDoNotContinueItsLog() throws IOException {
        PartitionLog leader = open("leader");
        PartitionLog follower = open("follower");
        appendBatches(leader, 3, 1);

        ByteBuffer fromTheMiddle = leader.read(5, 1000).records();

        assertThatThrownBy(() -> follower.appendAsFollower(fromTheMiddle))
                .isInstanceOf(StrataException.class)
                .hasMessageContaining("starts at offset 5 but this log continues at 0")
                .extracting(e -> ((StrataException) e).code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE);
        assertThat(follower.logEndOffset()).isZero();
    }

    @Test
    void epochEndOffsetsAnswerAsKafkaDoes() throws IOException {
        PartitionLog log = open("log");
        appendBatches(log, 2, 1);
        appendBatches(log, 2, 3);

        assertThat(log.endOffsetForEpoch(0)).isEqualTo(new EpochEndOffset(-1, -1));
        assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 10));
        assertThat(log.endOffsetForEpoch(2)).isEqualTo(new EpochEndOffset(1, 10));
        assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(3, 20));
        assertThat(log.endOffsetForEpoch(7)).isEqualTo(new EpochEndOffset(3, 20));
    }

    @Test
    void aDeposedLeaderTruncatesItsDivergentTailAndThenMatchesTheNewLeader() throws IOException {
        PartitionLog oldLeader = open("a");
        PartitionLog newLeader = open("b");
        appendBatches(oldLeader, 20, 1);
        catchUp(newLeader, oldLeader);
        appendBatches(oldLeader, 7, 2);
        appendBatches(newLeader, 30, 3);

        EpochEndOffset divergence = newLeader.endOffsetForEpoch(oldLeader.latestEpoch());
        oldLeader.truncateTo(divergence.endOffset());
        catchUp(oldLeader, newLeader);

        assertThat(divergence).isEqualTo(new EpochEndOffset(1, 100));
        assertThat(segmentFiles(oldLeader)).containsExactlyElementsOf(segmentFiles(newLeader));
        assertThat(oldLeader.endOffsetForEpoch(2)).isEqualTo(new EpochEndOffset(1, 100));
        assertThat(readAll(oldLeader, 0, 4096)).containsExactlyElementsOf(readAll(newLeader, 0, 4096));
    }

    @Test
    void truncationAcrossSegmentsKeepsTheLogConsistentAcrossReopen() throws IOException {
        PartitionLog log = open("log");
        appendBatches(log, 80, 1);
        int segmentsBefore = log.segmentCount();

        log.truncateTo(203);

        assertThat(log.logEndOffset()).isEqualTo(200);
        assertThat(log.segmentCount()).isLessThan(segmentsBefore);
        assertThat(readAll(log, 0, 4096)).hasSize(200).last().isEqualTo("199:v199");
        assertThat(log.offsetForTimestamp(T0 + 195)).contains(new TimestampOffset(195, T0 + 195));
        assertThat(log.offsetForTimestamp(T0 + 196)).isEmpty();
        appendBatches(log, 4, 2);
        log.close();
        logs.remove(log);

        PartitionLog reopened = open("log");
        assertThat(reopened.logEndOffset()).isEqualTo(220);
        assertThat(readAll(reopened, 0, 4096)).hasSize(220);
        assertThat(reopened.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 200));
    }

    @Test
    void aFollowerBehindTheLeadersLogStartStartsOverThere() throws IOException {
        PartitionLog log = open("log");
        appendBatches(log, 10, 1);

        log.truncateFullyAndStartAt(500);

        assertThat(log.logStartOffset()).isEqualTo(500);
        assertThat(log.logEndOffset()).isEqualTo(500);
        assertThat(log.segmentBaseOffsets()).containsExactly(500L);
        assertThat(log.latestEpoch()).isEqualTo(-1);
    }

    @Test
    void anEpochThatWroteNothingGivesWayToOlderEpochRecordsCopiedAfterIt() throws IOException {
        PartitionLog leader = open("leader");
        appendBatches(leader, 1, 3);
        appendBatches(leader, 1, 4);
        // This replica had only epoch 3's records when it led epoch 5, and was deposed before
        // its first append; the new leader's epoch-4 records then land where epoch 5 began.
        PartitionLog follower = open("follower");
        follower.appendAsFollower(leader.read(0, 1000).records());
        follower.truncateTo(5);
        follower.recordLeaderEpoch(5);
        follower.appendAsFollower(leader.read(5, 1000).records());

        assertThat(follower.latestEpoch()).isEqualTo(4);
        assertThat(follower.endOffsetForEpoch(4)).isEqualTo(new EpochEndOffset(4, 10));
        assertThat(follower.endOffsetForEpoch(3)).isEqualTo(new EpochEndOffset(3, 5));
    }
}
