package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Record batches checked before anything reaches the log: the bytes are whole RecordBatch v2
 * batches back to back, each within {@code max.message.bytes}.
 *
 * <p>Every batch, whoever sends it, passes {@link BatchStructure} (magic, CRC32C, record count
 * = last offset delta + 1 ≥ 1, producer fields). A leader's batches (from producers) also pass
 * {@link LeaderBatchCheck}: every record decoded (decompressed within a bound), offset deltas
 * 0..n−1, CreateTime timestamps within {@code message.timestamp.before.max.ms} /
 * {@code message.timestamp.after.max.ms}, no transactional or control batch. A follower's
 * batches (copied from its leader) are checked for structure only, as in Kafka: the leader
 * judged the records and their timestamps when it accepted them, and a follower that judged
 * again by its own clock or settings would stop replicating what the leader already holds.
 *
 * <p>A refused append names the batch (its index in the request) and the field that was wrong,
 * and leaves the log untouched, since validation happens before the write.
 */
final class ValidatedBatches {

    /** Where a batch's length field sits, and where it ends (the length counts the bytes after it). */
    private static final int BATCH_LENGTH_OFFSET = 8;
    private static final int BATCH_LENGTH_END = 12;

    private final ByteBuffer buffer;
    private final List<MutableRecordBatch> batches;
    private final int recordCount;
    private final boolean hasProducerIds;

    private ValidatedBatches(ByteBuffer buffer, List<MutableRecordBatch> batches, int recordCount, boolean hasProducerIds) {
        this.buffer = buffer;
        this.batches = batches;
        this.recordCount = recordCount;
        this.hasProducerIds = hasProducerIds;
    }

    /**
     * Validates a producer's batches in {@code buffer} (position to limit) as a leader does; the
     * buffer must be writable. Pass an array-backed (or direct) buffer: kafka-clients computes
     * the CRC32C of any other heap buffer one byte at a time, many times slower than over an array.
     */
    static ValidatedBatches validate(ByteBuffer buffer, ProduceLimits limits) {
        return validate(buffer, limits.maxMessageBytes(), limits);
    }

    /** Validates batches a follower copies from its leader: structure and CRC, not records or timestamps. */
    static ValidatedBatches validateReplicated(ByteBuffer buffer) {
        return validate(buffer, Integer.MAX_VALUE, null);
    }

    private static ValidatedBatches validate(ByteBuffer buffer, int maxMessageBytes, ProduceLimits leaderLimits) {
        if (!buffer.hasRemaining()) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "the append carries no record batch");
        }
        checkLengths(buffer);
        List<MutableRecordBatch> batches = new ArrayList<>();
        int bytes = 0;
        int records = 0;
        boolean producerIds = false;
        try {
            for (MutableRecordBatch batch : MemoryRecords.readableRecords(buffer.slice()).batches()) {
                int index = batches.size();
                checkSize(batch, index, maxMessageBytes);
                BatchProblem problem = BatchStructure.check(batch);
                if (problem == null && leaderLimits != null) {
                    problem = LeaderBatchCheck.check(batch, buffer.slice(buffer.position() + bytes, batch.sizeInBytes()),
                            leaderLimits);
                }
                if (problem != null) {
                    throw problem.refusal(index);
                }
                batches.add(batch);
                bytes += batch.sizeInBytes();
                records += BatchStructure.lastOffsetDelta(batch) + 1;
                producerIds |= batch.producerId() >= 0;
            }
        } catch (CorruptRecordException | InvalidRecordException e) {
            throw BatchProblem.corrupt("batchLength", e.getMessage()).refusal(batches.size());
        }
        if (bytes != buffer.remaining()) {
            throw trailingBytes(buffer.remaining() - bytes, batches.size(), maxMessageBytes, buffer.remaining());
        }
        return new ValidatedBatches(buffer, batches, records, producerIds);
    }

    /**
     * Walks the batch length fields before kafka-clients' iterator does: it adds the 12-byte
     * overhead to a length near Integer.MAX_VALUE without an overflow check and then fails with
     * an IllegalArgumentException instead of a corruption error (found by BatchValidatorFuzzTest).
     */
    private static void checkLengths(ByteBuffer buffer) {
        int position = buffer.position();
        int index = 0;
        while (buffer.limit() - position >= BATCH_LENGTH_END) {
            int length = buffer.getInt(position + BATCH_LENGTH_OFFSET);
            if (length < BatchHeader.MIN_BATCH_SIZE - BATCH_LENGTH_END || length > Integer.MAX_VALUE - BATCH_LENGTH_END) {
                throw BatchProblem.corrupt("batchLength", length + " is not a possible batch length").refusal(index);
            }
            position += Math.min(length + BATCH_LENGTH_END, buffer.limit() - position);
            index++;
        }
    }

    private static void checkSize(MutableRecordBatch batch, int index, int maxMessageBytes) {
        if (batch.sizeInBytes() > maxMessageBytes) {
            throw new BatchProblem(ErrorCode.MESSAGE_TOO_LARGE, "batchLength", batch.sizeInBytes()
                    + " bytes, above max.message.bytes " + maxMessageBytes).refusal(index);
        }
    }

    private static StrataException trailingBytes(int trailing, int whole, int maxMessageBytes, int total) {
        if (whole == 0 && total > maxMessageBytes) {
            return new StrataException(ErrorCode.MESSAGE_TOO_LARGE, "the append is " + total
                    + " bytes without a whole batch within max.message.bytes " + maxMessageBytes);
        }
        return BatchProblem.corrupt("batchLength", trailing + " trailing bytes do not form a whole record batch")
                .refusal(whole);
    }

    private static int lastOffsetDelta(RecordBatch batch) {
        return BatchStructure.lastOffsetDelta(batch);
    }

    int recordCount() {
        return recordCount;
    }

    int sizeInBytes() {
        return buffer.remaining();
    }

    ByteBuffer buffer() {
        return buffer;
    }

    int batchCount() {
        return batches.size();
    }

    /** Whether any batch has a producer id: only then is producer state involved. */
    boolean hasProducerIds() {
        return hasProducerIds;
    }

    /** The producer fields of every batch, in order, with the offsets the batches now carry. */
    List<ProducerBatch> producerBatches() {
        List<ProducerBatch> producerBatches = new ArrayList<>(batches.size());
        for (MutableRecordBatch batch : batches) {
            int lastOffsetDelta = lastOffsetDelta(batch);
            producerBatches.add(new ProducerBatch(batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                    ProducerBatch.lastSequence(batch.baseSequence(), lastOffsetDelta), batch.baseOffset(),
                    batch.baseOffset() + lastOffsetDelta, batch.maxTimestamp()));
        }
        return producerBatches;
    }

    /** These batches without the duplicates, copied into a buffer of their own (the rare mixed request). */
    ValidatedBatches without(DuplicateBatches duplicates) {
        int bytes = 0;
        for (int i = 0; i < batches.size(); i++) {
            bytes += duplicates.isDuplicate(i) ? 0 : batches.get(i).sizeInBytes();
        }
        ByteBuffer kept = ByteBuffer.allocate(bytes);
        for (int i = 0; i < batches.size(); i++) {
            if (!duplicates.isDuplicate(i)) {
                batches.get(i).writeTo(kept);
            }
        }
        kept.flip();
        List<MutableRecordBatch> keptBatches = new ArrayList<>();
        int records = 0;
        boolean producerIds = false;
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(kept.slice()).batches()) {
            keptBatches.add(batch);
            records += lastOffsetDelta(batch) + 1;
            producerIds |= batch.producerId() >= 0;
        }
        return new ValidatedBatches(kept, keptBatches, records, producerIds);
    }

    /** The headers as the batches arrived (a follower keeps the leader's offsets and epochs). */
    List<BatchHeader> headers() {
        List<BatchHeader> headers = new ArrayList<>(batches.size());
        for (MutableRecordBatch batch : batches) {
            headers.add(new BatchHeader(batch.baseOffset(), batch.sizeInBytes(), batch.partitionLeaderEpoch(),
                    lastOffsetDelta(batch), batch.maxTimestamp()));
        }
        return headers;
    }

    /**
     * Gives the batches consecutive offsets from {@code firstOffset} and stamps the leader epoch,
     * in place (neither field is covered by the CRC). Batches asking for log-append time get
     * {@code nowMs} as their timestamp (which does rewrite their CRC, as in Kafka).
     *
     * @return the headers as they now stand, for indexing
     */
    List<BatchHeader> assignOffsets(long firstOffset, int leaderEpoch, long nowMs) {
        List<BatchHeader> headers = new ArrayList<>(batches.size());
        long next = firstOffset;
        for (MutableRecordBatch batch : batches) {
            batch.setLastOffset(next + lastOffsetDelta(batch));
            batch.setPartitionLeaderEpoch(leaderEpoch);
            if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
                batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, nowMs);
            }
            headers.add(new BatchHeader(next, batch.sizeInBytes(), leaderEpoch, lastOffsetDelta(batch), batch.maxTimestamp()));
            next = batch.lastOffset() + 1;
        }
        return headers;
    }
}
