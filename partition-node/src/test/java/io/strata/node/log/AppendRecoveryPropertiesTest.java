package io.strata.node.log;

import io.strata.api.error.StrataException;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of appends and recovery, checked over seeded random cases (a seed replays its case): for any sequence of appends, some of them lying
 * (an empty batch, a negative or wrong last offset delta, a timestamp out of bounds) and some
 * good (plain or compressed, of any size, across segment rolls), the lying ones are refused,
 * the good ones get dense offsets, and a crash recovery of every segment from its bytes gives
 * back exactly the records acknowledged: same log end offset, same values at the same offsets.
 */
class AppendRecoveryPropertiesTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC);
    private static final LogConfig SMALL_SEGMENTS = LogConfig.DEFAULTS.with(Map.of(
            LogConfig.SEGMENT_BYTES, "2048", LogConfig.INDEX_INTERVAL_BYTES, "128"));

    /** One append: a good batch of {@code count} records, or a lie of kind {@code lie} (0 = none). */
    record Append(int count, int compression, int lie) {
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, Long.getLong("appends.seeds", 60));
    }

    /** 1 to 40 appends of 1 to 20 records, each plain or compressed, one in five (about) lying. */
    private static List<Append> appends(long seed) {
        Random random = new Random(seed);
        List<Append> appends = new ArrayList<>();
        int size = 1 + random.nextInt(40);
        for (int i = 0; i < size; i++) {
            appends.add(new Append(1 + random.nextInt(20), random.nextInt(5), random.nextInt(5)));
        }
        return appends;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void acknowledgedRecordsSurviveRecoveryAndLiesNeverReachTheLog(long seed) throws IOException {
        List<Append> appends = appends(seed);
        Path root = Files.createTempDirectory("strata-prop");
        try (FileHandles files = new FileHandles(32)) {
            Path dir = root.resolve("events-0");
            List<String> acknowledged = new ArrayList<>();
            PartitionLog log = PartitionLog.open(dir, SMALL_SEGMENTS, files, CLOCK);
            for (Append append : appends) {
                ByteBuffer batch = build(append, acknowledged.size());
                long before = log.logEndOffset();
                if (append.lie() == 0) {
                    AppendResult result = log.appendAsLeader(batch, 0);
                    assertThat(result.firstOffset()).isEqualTo(before);
                    for (int i = 0; i < append.count(); i++) {
                        acknowledged.add((before + i) + ":v" + (before + i));
                    }
                } else {
                    try {
                        log.appendAsLeader(batch, 0);
                        throw new AssertionError("lie " + append + " was accepted");
                    } catch (StrataException refused) {
                        assertThat(log.logEndOffset()).isEqualTo(before);
                    }
                }
            }
            // Crash: nothing closed or flushed on purpose, the recovery point forgotten.
            Files.deleteIfExists(dir.resolve("recovery-point"));
            try (FileHandles fresh = new FileHandles(32);
                 PartitionLog recovered = PartitionLog.open(dir, SMALL_SEGMENTS, fresh, CLOCK)) {
                assertThat(recovered.logEndOffset()).isEqualTo(acknowledged.size());
                assertThat(TestBatches.readAll(recovered, 0, 4096)).containsExactlyElementsOf(acknowledged);
            }
            log.close();
        } finally {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static ByteBuffer build(Append append, int first) {
        return switch (append.lie()) {
            case 0 -> good(append, first);
            case 1 -> LyingBatches.empty(T0);
            case 2 -> LyingBatches.lie(good(append, first), b -> b.putInt(LyingBatches.LAST_OFFSET_DELTA, -2));
            case 3 -> LyingBatches.lie(good(append, first), b -> b.putInt(LyingBatches.LAST_OFFSET_DELTA, append.count()));
            default -> LyingBatches.withTimestamps(org.apache.kafka.common.record.TimestampType.CREATE_TIME, T0 + 2 * 3_600_000L);
        };
    }

    private static ByteBuffer good(Append append, int first) {
        if (append.compression() == 0) {
            return TestBatches.batch(first, append.count(), T0);
        }
        Compression compression = switch (append.compression()) {
            case 1 -> Compression.gzip().build();
            case 2 -> Compression.snappy().build();
            case 3 -> Compression.lz4().build();
            default -> Compression.zstd().build();
        };
        org.apache.kafka.common.record.MemoryRecordsBuilder builder = org.apache.kafka.common.record.MemoryRecords.builder(
                ByteBuffer.allocate(1024 + append.count() * 64), org.apache.kafka.common.record.RecordBatch.CURRENT_MAGIC_VALUE,
                compression, org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0L);
        for (int i = first; i < first + append.count(); i++) {
            builder.append(T0, null, ("v" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return builder.build().buffer();
    }
}
