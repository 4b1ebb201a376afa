package io.strata.bench.chaos;

import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * One replica's log as its files hold it, read straight from the node's data directory (segments
 * {@code <data-dir>/<topic>-<partition>/<base offset>.log}, RecordBatch v2 back to back): every
 * batch below a bound with a checksum of its whole bytes, so that replicas can be compared byte
 * for byte, and the records in them.
 *
 * <p>Read while no one writes (after the run's writers stopped and the replicas caught up).
 */
record ReplicaLog(int node, List<BatchDigest> batches, List<StoredRecord> records) {

    /** A batch: its offsets and a CRC32C of all its bytes (header included). */
    record BatchDigest(long baseOffset, long lastOffset, int sizeInBytes, long checksum) {
    }

    /** A record as stored: its offset and its value as text. */
    record StoredRecord(long offset, String value) {
    }

    /** v2 header: baseOffset(8) batchLength(4) partitionLeaderEpoch(4) magic(1) crc(4) attributes(2) lastOffsetDelta(4). */
    private static final int LENGTH_OFFSET = 8;
    private static final int LAST_OFFSET_DELTA_OFFSET = 23;
    private static final int HEADER_BYTES = 61;

    /** The batches of {@code dir} whose base offset is below {@code bound}; empty when the directory does not exist. */
    static ReplicaLog read(int node, Path dir, long bound) throws IOException {
        List<BatchDigest> batches = new ArrayList<>();
        List<StoredRecord> records = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new ReplicaLog(node, batches, records);
        }
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(file -> file.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        for (Path segment : segments) {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
            while (bytes.remaining() >= HEADER_BYTES) {
                int position = bytes.position();
                long baseOffset = bytes.getLong(position);
                int size = LENGTH_OFFSET + 4 + bytes.getInt(position + LENGTH_OFFSET);
                if (size < HEADER_BYTES || size > bytes.remaining() || baseOffset >= bound) {
                    break; // end of the written part, or past the bound
                }
                ByteBuffer batch = bytes.slice(position, size);
                CRC32C crc = new CRC32C();
                crc.update(batch.duplicate());
                batches.add(new BatchDigest(baseOffset, baseOffset + bytes.getInt(position + LAST_OFFSET_DELTA_OFFSET),
                        size, crc.getValue()));
                addRecords(batch, records);
                bytes.position(position + size);
            }
        }
        return new ReplicaLog(node, batches, records);
    }

    private static void addRecords(ByteBuffer batch, List<StoredRecord> records) {
        for (RecordBatch decoded : MemoryRecords.readableRecords(batch.duplicate()).batches()) {
            for (Record record : decoded) {
                records.add(new StoredRecord(record.offset(), record.hasValue()
                        ? StandardCharsets.UTF_8.decode(record.value()).toString() : null));
            }
        }
    }

    /** The offset after the last batch read (0 when none). */
    long endOffset() {
        return batches.isEmpty() ? 0 : batches.get(batches.size() - 1).lastOffset() + 1;
    }

    /** Where this replica's batches first differ from {@code other}'s; null when identical. */
    String firstDifference(ReplicaLog other) {
        int common = Math.min(batches.size(), other.batches.size());
        for (int i = 0; i < common; i++) {
            if (!batches.get(i).equals(other.batches.get(i))) {
                return "batch " + i + ": node " + node + " has " + batches.get(i) + ", node " + other.node + " has "
                        + other.batches.get(i);
            }
        }
        if (batches.size() != other.batches.size()) {
            return "node " + node + " has " + batches.size() + " batches below the high watermark, node " + other.node
                    + " has " + other.batches.size();
        }
        return null;
    }
}
