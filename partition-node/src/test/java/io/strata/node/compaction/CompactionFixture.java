package io.strata.node.compaction;

import io.strata.node.log.FileHandles;
import io.strata.node.log.LogConfig;
import io.strata.node.log.PartitionLog;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compacted logs, keyed batches and what a full read of a log returns, for the cleaner's tests. */
public final class CompactionFixture {

    /** One record as read back: its offset, key and value (null for a tombstone). */
    public record Rec(long offset, String key, String value) {
    }

    public static final long T0 = 1_700_000_000_000L;

    private CompactionFixture() {
    }

    /** A compacted log config: small segments, the given extra topic configs. */
    public static LogConfig compacted(int segmentBytes, Map<String, String> extra) {
        Map<String, String> configs = new LinkedHashMap<>(extra);
        configs.put("cleanup.policy", configs.getOrDefault("cleanup.policy", "compact"));
        configs.put("segment.bytes", Integer.toString(segmentBytes));
        configs.putIfAbsent("min.cleanable.dirty.ratio", "0.01");
        return LogConfig.DEFAULTS.with(configs);
    }

    public static PartitionLog open(Path dir, LogConfig config, FileHandles files, Clock clock) throws IOException {
        return PartitionLog.open(dir, config, files, clock);
    }

    /** A batch of keyed records (value null = tombstone), offsets from 0 as a producer sends them. */
    public static ByteBuffer keyed(long timestamp, String... keysAndValues) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024 + keysAndValues.length * 64),
                RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            builder.append(timestamp, bytes(keysAndValues[i]), bytes(keysAndValues[i + 1]));
        }
        return builder.build().buffer();
    }

    /** A batch of an idempotent producer with keyed records. */
    public static ByteBuffer idempotentKeyed(long producerId, int baseSequence, long timestamp, String... keysAndValues) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024 + keysAndValues.length * 64),
                RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, TimestampType.CREATE_TIME, 0L,
                RecordBatch.NO_TIMESTAMP, producerId, (short) 0, baseSequence);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            builder.append(timestamp, bytes(keysAndValues[i]), bytes(keysAndValues[i + 1]));
        }
        return builder.build().buffer();
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Every record of the log from its start, in offset order. */
    public static List<Rec> readAll(PartitionLog log) {
        List<Rec> records = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            ByteBuffer bytes = log.read(offset, 1 << 20).records();
            if (!bytes.hasRemaining()) {
                break;
            }
            for (MutableRecordBatch batch : MemoryRecords.readableRecords(bytes).batches()) {
                for (Record record : batch) {
                    if (record.offset() >= offset) {
                        records.add(new Rec(record.offset(), text(record.key()), text(record.value())));
                    }
                }
                offset = batch.nextOffset();
            }
        }
        return records;
    }

    /** The newest value of each key in {@code records} (tombstones as null), in first-seen order. */
    public static Map<String, String> latest(List<Rec> records) {
        Map<String, String> latest = new LinkedHashMap<>();
        for (Rec record : records) {
            latest.put(record.key(), record.value());
        }
        return latest;
    }

    private static String text(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Cleans the log, as the cleaner thread would, until nothing is due; returns how many cleanings ran. */
    public static int cleanUntilDone(PartitionLog log, CleanerSettings settings, Clock clock) throws Exception {
        CleanerThread cleaner = new CleanerThread(settings, () -> List.of(new CleanerThread.CompactedLog("test",
                log.cleaning(), log.logEndOffset(), log.config().compaction(), log::maybeRollForTime)), clock);
        int rounds = 0;
        while (cleaner.cleanOnce()) {
            rounds++;
            if (rounds > 1000) {
                throw new AssertionError("the cleaner never settles");
            }
        }
        return rounds;
    }

    public static CleanerSettings settings(long dedupeBytes) {
        return new CleanerSettings(dedupeBytes, Long.MAX_VALUE, 64 * 1024, Duration.ofMillis(10));
    }
}
