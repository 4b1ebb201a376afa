package io.strata.node.log;

import io.strata.api.v1.ErrorCode;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.DefaultRecord;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.ByteUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * What a leader checks of a producer's batch beyond {@link BatchStructure} (Kafka's
 * {@code LogValidator}): no control batch (clients may not write them: INVALID_RECORD, Kafka's code)
 * and no transactional batch (UNSUPPORTED_FOR_MESSAGE_FORMAT: transactions do not exist here yet,
 * and that is the code Kafka gives a transactional write its log format cannot hold), then EVERY
 * record decoded:
 *
 * <ul>
 *   <li>compressed batches (gzip, snappy, lz4, zstd) are decompressed as a stream, at most
 *       {@code strata.node.max-decompressed-batch-bytes}; beyond that the batch is refused with
 *       MESSAGE_TOO_LARGE (a Kafka producer then splits it). A record is never allocated from its
 *       declared length before that length is known to fit the bound;</li>
 *   <li>each record's encoding is whole (lengths, varints, headers) and the records end exactly
 *       where the batch (or its decompressed stream) does;</li>
 *   <li>offset deltas run 0, 1, … recordCount − 1;</li>
 *   <li>on a compacted topic ({@code cleanup.policy} compact), every record has a key: the cleaner
 *       keeps the newest record per key, so a keyless one would have no defined fate (INVALID_RECORD,
 *       as Kafka's "Compacted topic cannot accept message without key");</li>
 *   <li>with CreateTime, every timestamp (but −1, none) lies in
 *       [now − {@code message.timestamp.before.max.ms}, now + {@code message.timestamp.after.max.ms}]
 *       (INVALID_TIMESTAMP naming the record, timestamp and bound) and the header's maxTimestamp is
 *       the records' largest, so that retention and the time index see the truth. LogAppendTime
 *       batches get the leader's clock instead, so their timestamps are not checked.</li>
 * </ul>
 *
 * Stateless; safe from any thread.
 */
final class LeaderBatchCheck {

    /** Where the records start in a RecordBatch v2. */
    private static final int RECORDS_OFFSET = 61;
    /** Where the base timestamp (the one record timestamp deltas count from) sits in a RecordBatch v2. */
    private static final int BASE_TIMESTAMP_OFFSET = 27;

    private LeaderBatchCheck() {
    }

    /**
     * The first thing wrong with a batch that passed {@link BatchStructure#check}, or null.
     *
     * @param bytes exactly the batch's bytes, from position to limit (not modified)
     */
    static BatchProblem check(RecordBatch batch, ByteBuffer bytes, ProduceLimits limits) {
        if (batch.isControlBatch()) {
            return BatchProblem.invalid("attributes", "a control batch; clients may not write control records");
        }
        if (batch.isTransactional()) {
            return new BatchProblem(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, "attributes",
                    "a transactional batch; transactions are not supported");
        }
        long baseTimestamp = bytes.getLong(bytes.position() + BASE_TIMESTAMP_OFFSET);
        ByteBuffer records = bytes.duplicate();
        records.position(records.position() + RECORDS_OFFSET);
        records = records.slice();
        try {
            return batch.compressionType() == CompressionType.NONE
                    ? checkUncompressed(batch, baseTimestamp, records, limits)
                    : checkCompressed(batch, baseTimestamp, records, limits);
        } catch (InvalidRecordException | BufferUnderflowException | IllegalArgumentException e) {
            return BatchProblem.corrupt("records", "cannot decode the records: " + e.getMessage());
        }
    }

    private static BatchProblem checkUncompressed(RecordBatch batch, long baseTimestamp, ByteBuffer records, ProduceLimits limits) {
        RecordChecks checks = new RecordChecks(batch, limits);
        for (int i = 0; i < batch.countOrNull(); i++) {
            if (!records.hasRemaining()) {
                return missingRecords(i, batch);
            }
            BatchProblem problem = checks.next(DefaultRecord.readFrom(records, 0, baseTimestamp, RecordBatch.NO_SEQUENCE, null));
            if (problem != null) {
                return problem;
            }
        }
        if (records.hasRemaining()) {
            return BatchProblem.corrupt("batchLength", records.remaining() + " bytes follow the last of "
                    + batch.countOrNull() + " records");
        }
        return checks.finish();
    }

    private static BatchProblem checkCompressed(RecordBatch batch, long baseTimestamp, ByteBuffer records, ProduceLimits limits) {
        RecordChecks checks = new RecordChecks(batch, limits);
        long budget = limits.maxDecompressedBatchBytes();
        try (InputStream in = Compression.of(batch.compressionType()).build()
                .wrapForInput(records, RecordBatch.MAGIC_VALUE_V2, BufferSupplier.NO_CACHING)) {
            for (int i = 0; i < batch.countOrNull(); i++) {
                int size = ByteUtils.readVarint(in);
                long encoded = ByteUtils.sizeOfVarint(size) + (long) size;
                if (size < 0) {
                    return BatchProblem.corrupt("records", "record " + i + " has a negative length " + size);
                }
                if (encoded > budget) {
                    return tooLarge(limits, i);
                }
                budget -= encoded;
                byte[] body = in.readNBytes(size);
                if (body.length < size) {
                    return missingRecords(i, batch);
                }
                ByteBuffer record = ByteBuffer.allocate((int) encoded);
                ByteUtils.writeVarint(size, record);
                record.put(body).flip();
                BatchProblem problem = checks.next(DefaultRecord.readFrom(record, 0, baseTimestamp, RecordBatch.NO_SEQUENCE, null));
                if (problem != null) {
                    return problem;
                }
            }
            if (in.read() >= 0) {
                return BatchProblem.corrupt("records", "the decompressed records go on after the last of "
                        + batch.countOrNull() + " records");
            }
            return checks.finish();
        } catch (IOException | KafkaException e) {
            return BatchProblem.corrupt("records", "cannot decompress the " + batch.compressionType().name
                    + " records: " + e.getMessage());
        }
    }

    private static BatchProblem tooLarge(ProduceLimits limits, int record) {
        return new BatchProblem(ErrorCode.MESSAGE_TOO_LARGE, "records", "decompressed, the records up to record " + record
                + " exceed strata.node.max-decompressed-batch-bytes " + limits.maxDecompressedBatchBytes());
    }

    private static BatchProblem missingRecords(int decoded, RecordBatch batch) {
        return BatchProblem.corrupt("recordCount", batch.countOrNull() + " records announced but the records end after "
                + decoded);
    }

    /** The per-record checks of one batch, in record order. */
    private static final class RecordChecks {
        private final RecordBatch batch;
        private final ProduceLimits limits;
        private final boolean createTime;
        private int index;
        private long maxTimestamp = RecordBatch.NO_TIMESTAMP;

        RecordChecks(RecordBatch batch, ProduceLimits limits) {
            this.batch = batch;
            this.limits = limits;
            this.createTime = batch.timestampType() == TimestampType.CREATE_TIME;
        }

        BatchProblem next(DefaultRecord record) {
            int at = index++;
            if (record.offset() != at) {
                return BatchProblem.corrupt("offsetDelta", "record " + at + " has offset delta " + record.offset()
                        + "; deltas must run 0.." + (batch.countOrNull() - 1) + " in order");
            }
            if (limits.keysRequired() && !record.hasKey()) {
                return BatchProblem.invalid("key", "record " + at + " has no key; every record of a compacted topic"
                        + " (cleanup.policy compact) needs one, the cleaner keeps the newest record per key");
            }
            long timestamp = record.timestamp();
            if (!createTime || timestamp == RecordBatch.NO_TIMESTAMP) {
                return null;
            }
            maxTimestamp = Math.max(maxTimestamp, timestamp);
            if (timestamp < limits.earliestTimestamp()) {
                return outOfRange(at, timestamp, "earlier than now - message.timestamp.before.max.ms = "
                        + limits.nowMs() + " - " + limits.timestampBeforeMaxMs() + " = " + limits.earliestTimestamp());
            }
            if (timestamp > limits.latestTimestamp()) {
                return outOfRange(at, timestamp, "later than now + message.timestamp.after.max.ms = "
                        + limits.nowMs() + " + " + limits.timestampAfterMaxMs() + " = " + limits.latestTimestamp());
            }
            return null;
        }

        BatchProblem finish() {
            if (createTime && batch.maxTimestamp() != maxTimestamp) {
                return BatchProblem.invalid("maxTimestamp", batch.maxTimestamp()
                        + " is not the largest record timestamp " + maxTimestamp);
            }
            return null;
        }

        private static BatchProblem outOfRange(int record, long timestamp, String bound) {
            return new BatchProblem(ErrorCode.INVALID_TIMESTAMP, "timestamp", "record " + record + " has CreateTime "
                    + timestamp + ", " + bound);
        }
    }
}
