package io.strata.bench;

import io.strata.node.log.FileHandles;
import io.strata.node.log.LogConfig;
import io.strata.node.log.LogReadResult;
import io.strata.node.log.PartitionLog;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * {@code ./strata bench log}: the partition log engine alone, against the disk it writes to.
 *
 *
 * <ol>
 *   <li>{@code disk_write_mb_s}: the same number of bytes written sequentially with plain
 *       {@link FileChannel#write} calls of one batch each — what the disk and the
 *       OS give a program that does nothing but write;</li>
 *   <li>{@code append_mb_s}: the same bytes appended through {@link PartitionLog#appendAsLeader} as
 *       RecordBatch v2 batches (validated, CRC-checked, offsets assigned, indexed);</li>
 *   <li>{@code read_mb_s}: everything read back from offset 0 in 1 MiB reads.</li>
 * </ol>
 *
 * The two kinds of writes alternate for {@code --rounds} rounds (3) and the medians are printed,
 * since page-cache write-back from one phase slows the next. With {@code --fsync false} (the
 * default, as Kafka runs) both sides are measured into the page cache, which exposes the engine's
 * own cost; with {@code --fsync true} both end with an fsync and measure the device.
 *
 * <p>Batches are built once, up front (building them is the producer's work, not the log's); every
 * append re-validates the batch's CRC, as a leader does. MB is 2^20 bytes, as in Kafka's perf tools.
 */
final class LogBench {

    private static final double MB = 1024.0 * 1024.0;
    private static final int READ_BYTES = 1024 * 1024;

    private LogBench() {
    }

    static void run(BenchOptions options) throws IOException {
        long records = options.longValue("records", 1_000_000);
        int recordSize = options.intValue("record-size", 1024);
        int batchBytes = options.intValue("batch-bytes", 16384);
        int segmentBytes = options.intValue("segment-bytes", 1 << 30);
        boolean fsync = Boolean.parseBoolean(options.string("fsync", "false"));
        int rounds = options.intValue("rounds", 3);
        Path dir = Path.of(options.string("dir", "data/bench")).resolve("log-" + ProcessHandle.current().pid());
        int perBatch = Math.max(1, batchBytes / recordSize);
        long batches = (records + perBatch - 1) / perBatch;
        ByteBuffer batch = batchOf(perBatch, recordSize);
        long totalBytes = batches * batch.remaining();
        progress("log bench: %,d records of %d B in %,d batches of %d records (%d B each), %.0f MB, in %s",
                batches * perBatch, recordSize, batches, perBatch, batch.remaining(), totalBytes / MB, dir);
        Files.createDirectories(dir);
        try {
            LogConfig config = LogConfig.DEFAULTS.with(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(segmentBytes)));
            appendAndRead(dir.resolve("warm-up-0"), config, batch, Math.min(batches, Math.max(batches / 10, 1)), false, false);
            double[] diskMbS = new double[rounds];
            double[] appendMbS = new double[rounds];
            double[] appendRecordsS = new double[rounds];
            double[] readMbS = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                progress("round %d of %d", round + 1, rounds);
                diskMbS[round] = totalBytes / MB / plainWrites(dir.resolve("plain-writes.bin"), batch, batches, fsync);
                Figures figures = appendAndRead(dir.resolve("bench-" + round), config, batch, batches, fsync, true);
                appendMbS[round] = figures.appendMbS();
                appendRecordsS[round] = figures.appendRecordsS();
                readMbS[round] = figures.readMbS();
                progress("  disk %.1f MB/s, append %.1f MB/s (%.0f%% of disk), read %.1f MB/s",
                        diskMbS[round], appendMbS[round], 100 * appendMbS[round] / diskMbS[round], readMbS[round]);
            }
            progress("medians of %d rounds: disk %.1f MB/s, append %.1f MB/s (%.0f%% of disk), read %.1f MB/s", rounds,
                    median(diskMbS), median(appendMbS), 100 * median(appendMbS) / median(diskMbS), median(readMbS));
            System.out.println(String.format(Locale.ROOT,
                    "{\"append_mb_s\":%.1f,\"append_records_s\":%.0f,\"read_mb_s\":%.1f,\"disk_write_mb_s\":%.1f}",
                    median(appendMbS), median(appendRecordsS), median(readMbS), median(diskMbS)));
        } finally {
            deleteRecursively(dir);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static ByteBuffer batchOf(int count, int recordSize) {
        Random random = new Random(42);
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(256 + count * (recordSize + 32)),
                RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, TimestampType.CREATE_TIME, 0L);
        byte[] value = new byte[recordSize];
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            random.nextBytes(value);
            builder.append(now, null, value);
        }
        return builder.build().buffer();
    }

    private static double plainWrites(Path file, ByteBuffer batch, long batches, boolean fsync) throws IOException {
        long started = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long i = 0; i < batches; i++) {
                ByteBuffer bytes = batch.duplicate();
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
            if (fsync) {
                channel.force(true);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Files.delete(file);
        return seconds;
    }

    private static Figures appendAndRead(Path logDir, LogConfig config, ByteBuffer batch, long batches, boolean fsync,
                                         boolean report)
            throws IOException {
        try (FileHandles files = new FileHandles(1024);
             PartitionLog log = PartitionLog.open(logDir, config, files, Clock.systemUTC())) {
            long started = System.nanoTime();
            long step = Math.max(1, batches / 4);
            for (long i = 0; i < batches; i++) {
                log.appendAsLeader(batch.duplicate(), 0);
                if (report && (i + 1) % step == 0) {
                    progress("  appended %3d%% (%,d records) in %.1f s", (i + 1) * 100 / batches, log.logEndOffset(),
                            (System.nanoTime() - started) / 1e9);
                }
            }
            if (fsync) {
                log.flush();
            }
            double appendSeconds = (System.nanoTime() - started) / 1e9;
            long bytes = log.sizeInBytes();
            long records = log.logEndOffset();
            double readSeconds = readAll(log, report);
            return new Figures(bytes / MB / appendSeconds, records / appendSeconds, bytes / MB / readSeconds);
        } finally {
            deleteRecursively(logDir);
        }
    }

    private static double readAll(PartitionLog log, boolean report) {
        long started = System.nanoTime();
        long offset = 0;
        long bytes = 0;
        while (offset < log.logEndOffset()) {
            LogReadResult result = log.read(offset, READ_BYTES);
            ByteBuffer records = result.records();
            bytes += records.remaining();
            offset = lastOffsetIn(records) + 1;
        }
        if (bytes != log.sizeInBytes()) {
            throw new IllegalStateException("read " + bytes + " bytes back, but the log holds " + log.sizeInBytes());
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** The last offset of the last batch in a buffer of whole batches, from its header alone. */
    private static long lastOffsetIn(ByteBuffer batches) {
        int position = 0;
        long last = -1;
        while (position < batches.limit()) {
            long baseOffset = batches.getLong(position);
            int lastOffsetDelta = batches.getInt(position + 23);
            last = baseOffset + lastOffsetDelta;
            position += 12 + batches.getInt(position + 8);
        }
        return last;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    private record Figures(double appendMbS, double appendRecordsS, double readMbS) {
    }
}
