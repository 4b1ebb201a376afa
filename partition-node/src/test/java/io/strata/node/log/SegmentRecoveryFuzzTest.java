package io.strata.node.log;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing of crash recovery (Jazzer): the input becomes the only segment file
 * ({@code 00000000000000000000.log}) of a log without a recovery point, which is then opened, so
 * every byte is recovered. The first input byte chooses whether every whole batch's CRC is
 * recomputed first (reaching the checks behind the CRC).
 *
 * <p>Properties: opening never throws; every batch kept passes {@link BatchStructure}; kept
 * batches start at offset 0 and follow each other densely; the log end offset is the last kept
 * batch's last offset + 1 (0 when none is kept); the file keeps exactly the kept batches; and
 * the next append gets the log end offset.
 *
 * <p>Corpus: {@code src/test/resources/io/strata/node/log/SegmentRecoveryFuzzTestInputs/recover/};
 * fuzz with {@code JAZZER_FUZZ=1 ./mvnw -pl partition-node test -Dtest=SegmentRecoveryFuzzTest}.
 */
class SegmentRecoveryFuzzTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);

    @FuzzTest(maxDuration = "60s")
    void recover(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        ByteBuffer segment = ByteBuffer.wrap(input, 1, input.length - 1).slice();
        if ((input[0] & 1) != 0) {
            FuzzCrcs.recompute(segment);
        }
        Path dir = Files.createTempDirectory("strata-fuzz").resolve("events-0");
        try {
            Files.createDirectories(dir);
            byte[] bytes = new byte[segment.remaining()];
            segment.get(bytes);
            Files.write(dir.resolve(Segment.fileName(0, ".log")), bytes);
            checkRecovered(dir);
        } finally {
            deleteRecursively(dir.getParent());
        }
    }

    private static void checkRecovered(Path dir) throws IOException {
        try (FileHandles files = new FileHandles(8);
             PartitionLog log = PartitionLog.open(dir, LogConfig.DEFAULTS, files, CLOCK)) {
            long expected = 0;
            long bytes = 0;
            ByteBuffer kept = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(Segment.fileName(0, ".log"))));
            for (MutableRecordBatch batch : MemoryRecords.readableRecords(kept).batches()) {
                BatchProblem problem = BatchStructure.check(batch);
                if (problem != null || batch.baseOffset() != expected) {
                    throw new AssertionError("recovery kept a batch at offset " + batch.baseOffset() + " (expected "
                            + expected + "): " + problem);
                }
                expected = batch.lastOffset() + 1;
                bytes += batch.sizeInBytes();
            }
            if (bytes != kept.limit() || log.logEndOffset() != expected || log.logStartOffset() != 0) {
                throw new AssertionError("recovery kept " + bytes + " of " + kept.limit() + " bytes as whole batches, log end "
                        + log.logEndOffset() + ", expected " + expected);
            }
            if (expected > 0 && !log.read(0, 1 << 20).records().hasRemaining()) {
                throw new AssertionError("the recovered log reads nothing below its end " + expected);
            }
            long next = log.appendAsLeader(TestBatches.batch(0, 1, NOW), 0).firstOffset();
            if (next != expected) {
                throw new AssertionError("the next append got offset " + next + ", expected " + expected);
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
