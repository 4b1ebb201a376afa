package io.strata.node.compaction;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Decides, record by record, what of one batch survives a cleaning, and writes the survivors.
 *
 * <p>A record is dropped only when (a) it lies below the cleaning's end offset, has a key, and
 * the offset map holds a newer offset for that key (a later record supersedes it), or (b) it is a
 * tombstone (null value) of a batch whose delete horizon ({@code delete.retention.ms} after the
 * cleaning that first kept it, KIP-534's field in the batch header) has passed. Everything else is
 * kept: records at or past the end offset (not yet mapped), records without a key (refused on
 * produce to a compacted topic; kept rather than lost if written before the policy changed), the
 * newest record of each key, and the last record of each live idempotent producer (so its last
 * sequence and epoch survive a rebuild of the producer state from the log, as Kafka keeps it).
 *
 * <p>Output: a batch that loses nothing and needs no horizon is copied byte for byte. Otherwise
 * each run of consecutive surviving offsets becomes a batch of its own with base offset = the
 * run's first offset, so that record count = last offset delta + 1 still holds for every batch
 * in the log (recovery and followers check it) while no offset changes; it keeps the original's
 * producer id, epoch and leader epoch, its sequence shifted by the same delta (so every record
 * keeps its sequence), compression codec and timestamp type. Tombstones that survive below the end
 * get a delete horizon (now + {@code delete.retention.ms}) if their batch had none.
 *
 * <p>Not thread-safe: one per cleaning.
 */
final class BatchFilter {

    private final OffsetMap map;
    private final long endOffset;
    private final Map<Long, Long> producerLastOffsets;
    private final long nowMs;
    private final long deleteRetentionMs;
    private long nextDeleteHorizonMs = Long.MAX_VALUE;

    BatchFilter(OffsetMap map, long endOffset, Map<Long, Long> producerLastOffsets, long nowMs, long deleteRetentionMs) {
        this.map = map;
        this.endOffset = endOffset;
        this.producerLastOffsets = producerLastOffsets;
        this.nowMs = nowMs;
        this.deleteRetentionMs = deleteRetentionMs;
    }

    /** What became of one batch. */
    record Outcome(int recordsRead, int recordsKept, boolean changed) {
    }

    /** Writes what survives of {@code batch} to {@code out}. */
    Outcome filter(MutableRecordBatch batch, ByteBufferOutputStream out) {
        OptionalLong horizon = batch.deleteHorizonMs();
        boolean horizonPassed = horizon.isPresent() && nowMs >= horizon.getAsLong();
        List<Record> kept = new ArrayList<>();
        boolean needsHorizon = false;
        int read = 0;
        for (Record record : batch) {
            read++;
            if (keep(batch, record, horizonPassed)) {
                kept.add(record);
                needsHorizon |= horizon.isEmpty() && !record.hasValue() && record.offset() < endOffset;
            }
        }
        long deleteHorizon = horizon.isPresent() ? horizon.getAsLong()
                : needsHorizon ? saturatedAdd(nowMs, deleteRetentionMs) : RecordBatch.NO_TIMESTAMP;
        if (deleteHorizon > nowMs && kept.stream().anyMatch(record -> !record.hasValue())) {
            nextDeleteHorizonMs = Math.min(nextDeleteHorizonMs, deleteHorizon);
        }
        if (kept.size() == read && !needsHorizon) {
            batch.writeTo(out);
            return new Outcome(read, read, false);
        }
        writeRuns(batch, kept, deleteHorizon, out);
        return new Outcome(read, kept.size(), true);
    }

    /** The earliest delete horizon of a tombstone kept so far, or Long.MAX_VALUE when none was. */
    long nextDeleteHorizonMs() {
        return nextDeleteHorizonMs;
    }

    private boolean keep(MutableRecordBatch batch, Record record, boolean horizonPassed) {
        long offset = record.offset();
        if (offset >= endOffset || !record.hasKey()) {
            return true;
        }
        if (batch.hasProducerId() && offset == batch.lastOffset()
                && Long.valueOf(offset).equals(producerLastOffsets.get(batch.producerId()))) {
            return true;
        }
        if (map.get(record.key()) > offset) {
            return false;
        }
        return record.hasValue() || !horizonPassed;
    }

    private static void writeRuns(MutableRecordBatch batch, List<Record> kept, long deleteHorizon, ByteBufferOutputStream out) {
        int start = 0;
        for (int i = 1; i <= kept.size(); i++) {
            if (i == kept.size() || kept.get(i).offset() != kept.get(i - 1).offset() + 1) {
                writeRun(batch, kept.subList(start, i), deleteHorizon, out);
                start = i;
            }
        }
    }

    private static void writeRun(MutableRecordBatch batch, List<Record> run, long deleteHorizon, ByteBufferOutputStream out) {
        long base = run.get(0).offset();
        int baseSequence = batch.baseSequence() == RecordBatch.NO_SEQUENCE ? RecordBatch.NO_SEQUENCE
                : DefaultRecordBatch.incrementSequence(batch.baseSequence(), (int) (base - batch.baseOffset()));
        boolean logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME;
        MemoryRecordsBuilder builder = new MemoryRecordsBuilder(new ByteBufferOutputStream(Math.max(256, batch.sizeInBytes())),
                RecordBatch.MAGIC_VALUE_V2, Compression.of(batch.compressionType()).build(), batch.timestampType(), base,
                logAppendTime ? batch.maxTimestamp() : RecordBatch.NO_TIMESTAMP, batch.producerId(), batch.producerEpoch(),
                baseSequence, false, false, batch.partitionLeaderEpoch(), Integer.MAX_VALUE, deleteHorizon);
        for (Record record : run) {
            builder.appendWithOffset(record.offset(), record.timestamp(), record.key(), record.value(), record.headers());
        }
        out.write(builder.build().buffer());
    }

    private static long saturatedAdd(long a, long b) {
        return b > Long.MAX_VALUE - a ? Long.MAX_VALUE : a + b;
    }
}
