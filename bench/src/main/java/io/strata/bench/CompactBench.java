package io.strata.bench;

import io.strata.node.compaction.CleanerSettings;
import io.strata.node.compaction.CleaningCandidate;
import io.strata.node.compaction.LogCleaner;
import io.strata.node.log.FileHandles;
import io.strata.node.log.LogConfig;
import io.strata.node.log.PartitionLog;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code ./strata bench compact}: the log cleaner alone. Appends {@code --records} records over
 * {@code --keys} keys (every {@code --tombstone-every}th one a tombstone) to a compacted log in 16
 * KiB batches, then runs one full cleaning ({@link LogCleaner}, unthrottled, on this thread) and
 * prints MB/s cleaned (bytes of the log read per second of cleaning; the cleaner reads the dirty
 * range twice, to map it and to rewrite it), the records kept and the size before and after.
 */
final class CompactBench {

    private static final double MB = 1024.0 * 1024.0;

    private CompactBench() {
    }

    static void run(BenchOptions options) throws Exception {
        long records = options.longValue("records", 1_000_000);
        int keys = options.intValue("keys", 1000);
        int valueSize = options.intValue("value-size", 100);
        int tombstoneEvery = options.intValue("tombstone-every", 100);
        int segmentBytes = options.intValue("segment-bytes", 64 * 1024 * 1024);
        long dedupeBytes = options.longValue("dedupe-buffer-bytes", 32L * 1024 * 1024);
        Path dir = Path.of(options.string("dir", "data/bench")).resolve("compact-" + ProcessHandle.current().pid());
        LogConfig config = LogConfig.DEFAULTS.with(Map.of("cleanup.policy", "compact",
                LogConfig.SEGMENT_BYTES, Integer.toString(segmentBytes)));
        Files.createDirectories(dir);
        try (FileHandles files = new FileHandles(256);
             PartitionLog log = PartitionLog.open(dir.resolve("table-0"), config, files, Clock.systemUTC())) {
            long appendStart = System.nanoTime();
            append(log, records, keys, valueSize, tombstoneEvery);
            // Roll the active segment with one last record, so that everything before it is cleanable.
            log.updateConfig(config.with(Map.of(LogConfig.SEGMENT_MS, "1")));
            Thread.sleep(5);
            log.appendAsLeader(batch(new Random(0), 1, keys, valueSize, 0, 0), 0);
            log.flush();
            long before = log.sizeInBytes();
            LogBench.progress("appended %,d records over %,d keys (%.1f MB, %d segments) in %.1f s", log.logEndOffset(), keys,
                    before / MB, log.segmentCount(), (System.nanoTime() - appendStart) / 1e9);
            LogCleaner cleaner = new LogCleaner(new CleanerSettings(dedupeBytes, Long.MAX_VALUE, 1024 * 1024,
                    Duration.ofSeconds(1)), Clock.systemUTC(), () -> false);
            CleaningCandidate candidate = CleaningCandidate.of("table-0", log.cleaning().cleanableSegments(log.logEndOffset()),
                    log.cleaning().firstDirtyOffset(), config.compaction(), System.currentTimeMillis());
            LogCleaner.Result result = cleaner.clean(log.cleaning(), candidate, config.compaction());
            double seconds = result.nanos() / 1e9;
            double cleanedMbS = candidate.dirtyBytes() / MB / seconds;
            LogBench.progress("cleaned %.1f MB in %.2f s: %.1f MB/s of log cleaned (%.1f MB/s read, %.1f MB/s written);"
                            + " kept %,d of %,d records; %.1f MB → %.2f MB", candidate.dirtyBytes() / MB, seconds, cleanedMbS,
                    result.bytesRead() / MB / seconds, result.bytesWritten() / MB / seconds, result.recordsKept(),
                    result.recordsRead(), before / MB, log.sizeInBytes() / MB);
            System.out.println(String.format(Locale.ROOT, "{\"records\":%d,\"keys\":%d,\"log_mb\":%.1f,\"clean_seconds\":%.2f,"
                            + "\"cleaned_mb_s\":%.1f,\"read_mb_s\":%.1f,\"records_kept\":%d,\"after_mb\":%.3f}", records, keys,
                    before / MB, seconds, cleanedMbS, result.bytesRead() / MB / seconds, result.recordsKept(),
                    log.sizeInBytes() / MB));
        } finally {
            LogBench.deleteRecursively(dir);
        }
    }

    private static void append(PartitionLog log, long records, int keys, int valueSize, int tombstoneEvery) {
        Random random = new Random(42);
        int perBatch = Math.max(1, 16384 / (valueSize + 20));
        for (long n = 0; n < records; n += perBatch) {
            int count = (int) Math.min(perBatch, records - n);
            log.appendAsLeader(batch(random, count, keys, valueSize, tombstoneEvery, n), 0);
        }
    }

    private static ByteBuffer batch(Random random, int count, int keys, int valueSize, int tombstoneEvery, long first) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(count * (valueSize + 64) + 256),
                RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, TimestampType.CREATE_TIME, 0L);
        byte[] value = new byte[valueSize];
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            byte[] key = ("key-" + random.nextInt(keys)).getBytes(StandardCharsets.UTF_8);
            boolean tombstone = tombstoneEvery > 0 && (first + i) % tombstoneEvery == tombstoneEvery - 1;
            builder.append(now, key, tombstone ? null : value);
        }
        return builder.build().buffer();
    }
}
