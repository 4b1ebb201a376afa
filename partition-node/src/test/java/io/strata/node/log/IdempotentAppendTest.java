package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.apache.kafka.common.record.RecordBatch;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static io.strata.node.log.TestBatches.batch;
import static io.strata.node.log.TestBatches.concat;
import static io.strata.node.log.TestBatches.idempotent;
import static io.strata.node.log.TestBatches.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Idempotent appends through a real partition log: duplicates answered with their first offsets
 * and written once, bad sequences and epochs refused with the log untouched, and the producer
 * state carried across reopening, crashes, replication, truncation and retention.
 */
class IdempotentAppendTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long PID = 4711;
    /** Small segments, so that a few hundred records roll many segments (and write snapshots). */
    private static final LogConfig SMALL = LogConfig.DEFAULTS.with(Map.of(
            LogConfig.SEGMENT_BYTES, "2048", LogConfig.INDEX_INTERVAL_BYTES, "256"));

    @TempDir
    Path root;
    private final ManualClock clock = new ManualClock(T0);
    private final List<FileHandles> handles = new ArrayList<>();
    private final List<PartitionLog> logs = new ArrayList<>();

    @AfterEach
    void closeAll() {
        logs.forEach(PartitionLog::close);
        handles.forEach(FileHandles::close);
    }

    /** Opens a log as a freshly started process would: its own file handles. */
    private PartitionLog open(String name, LogConfig config) throws IOException {
        FileHandles files = new FileHandles(64);
        handles.add(files);
        PartitionLog log = PartitionLog.open(root.resolve(name), config, files, clock);
        logs.add(log);
        return log;
    }

    private PartitionLog open(String name) throws IOException {
        return open(name, SMALL);
    }

    private static AppendResult send(PartitionLog log, int epoch, int baseSequence, int count) {
        return log.appendAsLeader(idempotent(PID, epoch, baseSequence, count, T0), 0);
    }

    /** Appends {@code batches} batches of 3 records of producer {@link #PID} from its next sequence. */
    private static void sendBatches(PartitionLog log, int batches) {
        for (int i = 0; i < batches; i++) {
            int next = log.producerState(PID).map(entry -> entry.lastSeq() + 1).orElse(0);
            send(log, 0, next, 3);
        }
    }

    private static void assertRefused(Runnable append, ErrorCode code, String message) {
        assertThatThrownBy(append::run)
                .isInstanceOf(StrataException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((StrataException) e).code()).isEqualTo(code);
    }

    private static void catchUp(PartitionLog follower, PartitionLog leader) {
        while (follower.logEndOffset() < leader.logEndOffset()) {
            follower.appendAsFollower(leader.read(follower.logEndOffset(), 1000).records());
        }
    }

    @Test
    void retriesOfTheLastBatchAndOfAnOlderOneAreAnsweredWithTheirOffsetsAndNotWritten() throws IOException {
        PartitionLog log = open("orders-0");
        log.appendAsLeader(batch(0, 3, T0), 0);
        AppendResult first = send(log, 0, 0, 3);
        AppendResult second = send(log, 0, 3, 2);
        long size = log.sizeInBytes();

        AppendResult retryOfLast = send(log, 0, 3, 2);
        AppendResult retryOfOlder = send(log, 0, 0, 3);

        assertThat(List.of(retryOfLast.firstOffset(), retryOfLast.lastOffset())).containsExactly(6L, 7L)
                .containsExactly(second.firstOffset(), second.lastOffset());
        assertThat(List.of(retryOfOlder.firstOffset(), retryOfOlder.lastOffset())).containsExactly(3L, 5L)
                .containsExactly(first.firstOffset(), first.lastOffset());
        assertThat(retryOfLast.recordCount()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(8);
        assertThat(log.sizeInBytes()).isEqualTo(size);
        assertThat(readAll(log, 0, 4096)).containsExactly("0:v0", "1:v1", "2:v2",
                "3:p4711e0s0", "4:p4711e0s1", "5:p4711e0s2", "6:p4711e0s3", "7:p4711e0s4");
    }

    @Test
    void onlyTheLastFiveBatchesAreRecognised() throws IOException {
        PartitionLog log = open("orders-0");
        sendBatches(log, 6);

        assertThat(send(log, 0, 3, 3).firstOffset()).as("the fifth from last").isEqualTo(3);
        assertRefused(() -> send(log, 0, 0, 3), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "expected sequence 18");
        assertThat(log.logEndOffset()).isEqualTo(18);
    }

    @Test
    void aGapIsRefusedWithItsCodeAndTheLogIsUnchanged() throws IOException {
        PartitionLog log = open("orders-0");
        send(log, 0, 0, 3);
        List<String> before = readAll(log, 0, 4096);

        assertRefused(() -> send(log, 0, 4, 1), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
                "producer 4711 at epoch 0 sent sequence 4..4 to orders-0: expected sequence 3");
        assertRefused(() -> log.appendAsLeader(idempotent(99, 0, 5, 1, T0), 0), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
                "does not know the producer");
        assertRefused(() -> log.appendAsLeader(concat(idempotent(PID, 0, 3, 1, T0), idempotent(PID, 0, 5, 1, T0)), 0),
                ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "sequence 5..5");

        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(readAll(log, 0, 4096)).isEqualTo(before);
        assertThat(send(log, 0, 3, 1).firstOffset()).isEqualTo(3);
    }

    @Test
    void aStaleEpochIsRefusedAndANewOneStartsAtZero() throws IOException {
        PartitionLog log = open("orders-0");
        send(log, 2, 0, 3);

        assertRefused(() -> send(log, 1, 3, 1), ErrorCode.INVALID_PRODUCER_EPOCH, "epoch 1");
        assertRefused(() -> send(log, 3, 3, 1), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "new epoch must start at sequence 0");
        assertThat(send(log, 3, 0, 2).firstOffset()).isEqualTo(3);
        assertRefused(() -> send(log, 2, 0, 3), ErrorCode.INVALID_PRODUCER_EPOCH, "already has epoch 3");
        assertThat(log.logEndOffset()).isEqualTo(5);
    }

    @Test
    void batchesWithoutAProducerIdAreAppendedEveryTime() throws IOException {
        PartitionLog log = open("orders-0");

        log.appendAsLeader(batch(0, 2, T0), 0);
        AppendResult again = log.appendAsLeader(batch(0, 2, T0), 0);

        assertThat(again.firstOffset()).isEqualTo(2);
        assertThat(log.logEndOffset()).isEqualTo(4);
        assertThat(log.producerSnapshotOffsets()).isEmpty();
    }

    @Test
    void anIdempotentBatchMustCarryAnEpochAndASequence() throws IOException {
        PartitionLog log = open("orders-0");
        ByteBuffer noSequence = idempotent(PID, 0, 0, 1, T0);
        noSequence.putInt(53, RecordBatch.NO_SEQUENCE);
        CRC32C crc = new CRC32C();
        crc.update(noSequence.duplicate().position(21));
        noSequence.putInt(17, (int) crc.getValue());

        assertRefused(() -> log.appendAsLeader(noSequence, 0), ErrorCode.INVALID_RECORD,
                "field baseSequence: -1 is negative in a batch with producer id 4711");
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void aRetriedRequestOfSeveralBatchesIsAnsweredWhole() throws IOException {
        PartitionLog log = open("orders-0");
        log.appendAsLeader(batch(0, 1, T0), 0);
        ByteBuffer request = concat(idempotent(PID, 0, 0, 2, T0), idempotent(PID, 0, 2, 3, T0), idempotent(7, 0, 0, 1, T0));
        ByteBuffer retry = request.duplicate();
        ByteBuffer original = ByteBuffer.allocate(request.remaining()).put(request.duplicate()).flip();

        AppendResult first = log.appendAsLeader(original, 0);
        AppendResult again = log.appendAsLeader(retry, 0);

        assertThat(List.of(first.firstOffset(), first.lastOffset())).containsExactly(1L, 6L);
        assertThat(List.of(again.firstOffset(), again.lastOffset())).containsExactly(1L, 6L);
        assertThat(log.logEndOffset()).isEqualTo(7);
    }

    @Test
    void aFollowerThatBecomesLeaderRecognisesRetriesOfWhatTheOldLeaderWrote() throws IOException {
        PartitionLog leader = open("a");
        PartitionLog follower = open("b");
        leader.appendAsLeader(batch(0, 4, T0), 1);
        sendBatches(leader, 30);
        catchUp(follower, leader);

        AppendResult retry = follower.appendAsLeader(idempotent(PID, 0, 87, 3, T0), 2);

        assertThat(retry.firstOffset()).isEqualTo(91);
        assertThat(retry.lastOffset()).isEqualTo(93);
        assertThat(follower.logEndOffset()).isEqualTo(94);
        assertThat(follower.producerState(PID)).isEqualTo(leader.producerState(PID));
        assertThat(follower.appendAsLeader(idempotent(PID, 0, 90, 1, T0), 2).firstOffset()).isEqualTo(94);
    }

    @Test
    void aRequestPartlyCopiedBeforeAFailoverIsCompletedWithoutDuplicates() throws IOException {
        PartitionLog oldLeader = open("a");
        PartitionLog newLeader = open("b");
        ByteBuffer request = concat(idempotent(PID, 0, 0, 2, T0), idempotent(PID, 0, 2, 3, T0));
        oldLeader.appendAsLeader(request.duplicate(), 1);
        newLeader.appendAsFollower(oldLeader.read(0, 1).records());
        assertThat(newLeader.logEndOffset()).as("only the first batch was copied").isEqualTo(2);

        AppendResult retry = newLeader.appendAsLeader(concat(idempotent(PID, 0, 0, 2, T0), idempotent(PID, 0, 2, 3, T0)), 2);

        assertThat(List.of(retry.firstOffset(), retry.lastOffset())).containsExactly(0L, 4L);
        assertThat(retry.recordCount()).isEqualTo(3);
        assertThat(readAll(newLeader, 0, 4096)).containsExactly("0:p4711e0s0", "1:p4711e0s1", "2:p4711e0s2",
                "3:p4711e0s3", "4:p4711e0s4");
    }

    @Test
    void theStateSurvivesACleanRestartThroughASnapshot() throws IOException {
        PartitionLog log = open("orders-0");
        sendBatches(log, 40);
        ProducerStateEntry before = log.producerState(PID).orElseThrow();
        log.close();
        assertThat(log.producerSnapshotOffsets()).contains(120L);

        PartitionLog reopened = open("orders-0");

        assertThat(reopened.producerState(PID)).contains(before);
        assertThat(send(reopened, 0, 114, 3).firstOffset()).isEqualTo(114);
        assertRefused(() -> send(reopened, 0, 121, 1), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "expected sequence 120");
    }

    @Test
    void theStateIsRebuiltFromTheLogAfterACrashWithOrWithoutSnapshots() throws IOException {
        PartitionLog log = open("orders-0");
        for (int i = 0; i < 40; i++) {
            sendBatches(log, 1);
            log.appendAsLeader(idempotent(100 + i % 3, 0, i / 3 * 2, 2, T0), 0);
        }
        List<ProducerStateEntry> before = List.of(log.producerState(PID).orElseThrow(),
                log.producerState(100).orElseThrow(), log.producerState(102).orElseThrow());
        assertThat(log.segmentCount()).isGreaterThan(3);
        assertThat(log.producerSnapshotOffsets()).hasSizeBetween(1, ProducerSnapshots.RETAINED)
                .allSatisfy(offset -> assertThat(offset).isLessThan(log.logEndOffset()));

        PartitionLog afterCrash = open("orders-0");
        assertThat(List.of(afterCrash.producerState(PID).orElseThrow(), afterCrash.producerState(100).orElseThrow(),
                afterCrash.producerState(102).orElseThrow())).isEqualTo(before);

        deleteSnapshots(afterCrash.dir());
        PartitionLog withoutSnapshots = open("orders-0");
        assertThat(List.of(withoutSnapshots.producerState(PID).orElseThrow(), withoutSnapshots.producerState(100).orElseThrow(),
                withoutSnapshots.producerState(102).orElseThrow())).isEqualTo(before);
        assertThat(send(withoutSnapshots, 0, 117, 3).firstOffset()).as("a retry of the last batch").isEqualTo(before.get(0).lastOffset() - 2);
    }

    @Test
    void aDamagedSnapshotIsIgnoredAndTheStateComesFromTheLog() throws IOException {
        PartitionLog log = open("orders-0");
        sendBatches(log, 40);
        ProducerStateEntry before = log.producerState(PID).orElseThrow();
        log.close();
        Path snapshot = log.dir().resolve(Segment.fileName(120, ProducerSnapshots.SUFFIX));
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(snapshot, bytes);

        PartitionLog reopened = open("orders-0");

        assertThat(reopened.producerState(PID)).contains(before);
        assertThat(snapshot).doesNotExist();
    }

    @Test
    void truncationDropsTheStateOfTheBatchesItCuts() throws IOException {
        PartitionLog log = open("orders-0");
        sendBatches(log, 40);
        log.close();
        PartitionLog reopened = open("orders-0");
        sendBatches(reopened, 2);

        reopened.truncateTo(117);

        assertThat(reopened.logEndOffset()).isEqualTo(117);
        assertThat(reopened.producerState(PID).orElseThrow().lastSeq()).isEqualTo(116);
        assertThat(reopened.producerSnapshotOffsets()).allSatisfy(offset -> assertThat(offset).isLessThanOrEqualTo(117));
        assertThat(send(reopened, 0, 117, 3).firstOffset()).as("no longer a duplicate: written again").isEqualTo(117);

        reopened.truncateTo(0);
        assertThat(reopened.producerState(PID)).isEmpty();
        assertRefused(() -> send(reopened, 0, 3, 3), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "does not know the producer");
        assertThat(send(reopened, 0, 0, 3).firstOffset()).isZero();
    }

    @Test
    void startingOverForgetsEveryProducerAndThenAcceptsAnySequence() throws IOException {
        PartitionLog log = open("orders-0");
        sendBatches(log, 5);

        log.truncateFullyAndStartAt(500);

        assertThat(log.producerState(PID)).isEmpty();
        assertThat(log.producerSnapshotOffsets()).isEmpty();
        assertThat(send(log, 0, 15, 3).firstOffset()).isEqualTo(500);
    }

    @Test
    void retentionForgetsProducersWhoseBatchesAreGoneAndThenAcceptsThemAtAnySequence() throws IOException {
        PartitionLog log = open("orders-0", SMALL.with(Map.of(LogConfig.RETENTION_BYTES, "4000")));
        log.appendAsLeader(idempotent(1, 0, 0, 3, T0), 0);
        sendBatches(log, 80);

        assertThat(log.maybeApplyRetention(log.logEndOffset())).isPositive();

        assertThat(log.producerState(1)).isEmpty();
        assertThat(log.producerState(PID)).isPresent();
        assertThat(log.producerSnapshotOffsets()).allSatisfy(offset -> assertThat(offset).isGreaterThanOrEqualTo(log.logStartOffset()));
        assertThat(log.appendAsLeader(idempotent(1, 0, 3, 1, T0), 0).firstOffset()).isEqualTo(243);
    }

    @Test
    void racingRetriesOfOneBatchAreWrittenOnce() throws Exception {
        PartitionLog log = open("orders-0", LogConfig.DEFAULTS);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                int sequence = round * 2;
                CyclicBarrier start = new CyclicBarrier(2);
                Callable<AppendResult> append = () -> {
                    ByteBuffer bytes = idempotent(PID, 0, sequence, 2, T0);
                    start.await(10, TimeUnit.SECONDS);
                    return log.appendAsLeader(bytes, 0);
                };
                Future<AppendResult> one = threads.submit(append);
                Future<AppendResult> other = threads.submit(append);

                assertThat(one.get(10, TimeUnit.SECONDS).firstOffset()).isEqualTo(other.get(10, TimeUnit.SECONDS).firstOffset())
                        .isEqualTo(sequence);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(log.logEndOffset()).isEqualTo(400);
    }

    private static void deleteSnapshots(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.toString().endsWith(ProducerSnapshots.SUFFIX)) {
                    Files.delete(file);
                }
            }
        }
    }
}
