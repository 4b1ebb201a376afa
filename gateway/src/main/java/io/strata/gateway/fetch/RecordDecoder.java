package io.strata.gateway.fetch;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.DefaultRecord;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.ByteUtils;
import org.apache.kafka.common.utils.CloseableIterator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the whole batches a leader answers a fetch with into the records a REST reader asked for:
 * those at or after the requested offset (the first batch may start earlier), below the high
 * watermark, at most {@code maxRecords}, and at most {@code maxDecodedBytes} of decoded records.
 *
 * <p>The byte bound is what keeps a compression bomb (a few KiB of zstd or gzip that inflate to a
 * GiB) from taking the gateway down: compressed batches are inflated here record by record, and
 * each record's declared size is checked against what is left of the bound BEFORE its bytes are
 * read, so no more than the bound is ever allocated. At the bound the read ends with the records
 * decoded so far; when not even the first record fits, it is refused with MESSAGE_TOO_LARGE
 * naming the offset and the setting. Pure; thread-safe.
 */
public final class RecordDecoder {

    private static final int RECORDS_OFFSET = 61;

    private RecordDecoder() {
    }

    public static List<FetchedRecord> decode(ByteBuffer batches, long fromOffset, long highWatermark, int maxRecords,
                                             long maxDecodedBytes) {
        Reading reading = new Reading(fromOffset, highWatermark, maxRecords, maxDecodedBytes);
        try {
            int position = batches.position();
            for (RecordBatch batch : MemoryRecords.readableRecords(batches.duplicate()).batches()) {
                int start = position;
                position += batch.sizeInBytes();
                if (batch.lastOffset() < fromOffset) {
                    continue;
                }
                boolean more = batch.compressionType() == CompressionType.NONE || !(batch instanceof DefaultRecordBatch v2)
                        ? reading.plain(batch)
                        : reading.compressed(v2, batches.duplicate().position(start + RECORDS_OFFSET).limit(position).slice());
                if (!more) {
                    break;
                }
            }
        } catch (KafkaException | IOException e) {
            throw new StrataException(ErrorCode.CORRUPT_MESSAGE, "cannot decode the batches read at offset "
                    + fromOffset + ": " + e.getMessage(), e);
        }
        return reading.records;
    }

    /** One past the last offset of the last batch, or {@code fromOffset} when there is none. */
    public static long nextOffset(ByteBuffer batches, long fromOffset) {
        long next = fromOffset;
        for (RecordBatch batch : MemoryRecords.readableRecords(batches.duplicate()).batches()) {
            next = Math.max(next, batch.lastOffset() + 1);
        }
        return next;
    }

    /** The state of one decode: the records taken and the bytes left. */
    private static final class Reading {
        final List<FetchedRecord> records = new ArrayList<>();
        final long fromOffset;
        final long highWatermark;
        final int maxRecords;
        final long maxDecodedBytes;
        long decodedBytes;

        Reading(long fromOffset, long highWatermark, int maxRecords, long maxDecodedBytes) {
            this.fromOffset = fromOffset;
            this.highWatermark = highWatermark;
            this.maxRecords = maxRecords;
            this.maxDecodedBytes = maxDecodedBytes;
        }

        /**
         * An uncompressed batch (its records are slices of the fetched bytes), or a legacy v0/v1
         * one (which a leader refuses to store). False when the read is complete.
         */
        boolean plain(RecordBatch batch) {
            try (CloseableIterator<Record> it = batch.streamingIterator(BufferSupplier.NO_CACHING)) {
                while (it.hasNext()) {
                    Record record = it.next();
                    if (!fits(record.offset(), record.sizeInBytes()) || !take(record)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /**
         * A compressed batch, inflated one record at a time: each record's size is read first and
         * checked against the bound, so a bomb is never inflated past it.
         */
        boolean compressed(DefaultRecordBatch batch, ByteBuffer payload) throws IOException {
            Long logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp() : null;
            Integer count = batch.countOrNull();
            try (InputStream in = Compression.of(batch.compressionType()).build()
                    .wrapForInput(payload, batch.magic(), BufferSupplier.NO_CACHING)) {
                for (int i = 0; count == null || i < count; i++) {
                    int size = ByteUtils.readVarint(in);
                    if (size < 0) {
                        throw new KafkaException("record " + i + " of the batch at offset " + batch.baseOffset()
                                + " declares a negative size " + size);
                    }
                    long offsetGuess = batch.baseOffset() + i;
                    if (!fits(offsetGuess, size)) {
                        return false;
                    }
                    ByteBuffer record = ByteBuffer.allocate(ByteUtils.sizeOfVarint(size) + size);
                    ByteUtils.writeVarint(size, record);
                    if (in.readNBytes(record.array(), record.position(), size) != size) {
                        throw new KafkaException("the batch at offset " + batch.baseOffset() + " ends inside record " + i);
                    }
                    record.rewind();
                    if (!take(DefaultRecord.readFrom(record, batch.baseOffset(), batch.baseTimestamp(),
                            batch.baseSequence(), logAppendTime))) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Whether a record of {@code size} bytes still fits under the bound; refuses when none has been taken. */
        private boolean fits(long offset, long size) {
            if (decodedBytes + size <= maxDecodedBytes) {
                decodedBytes += size;
                return true;
            }
            if (records.isEmpty()) {
                throw new StrataException(ErrorCode.MESSAGE_TOO_LARGE, "the record at offset " + offset + " decodes to "
                        + size + " bytes (after " + decodedBytes + " bytes of earlier records of its batch), more than a REST "
                        + "read decodes: strata.gateway.rest-read-max-decoded-bytes=" + maxDecodedBytes);
            }
            return false;
        }

        /** Adds a record when it is in range; false when the read is complete. */
        private boolean take(Record record) {
            if (record.offset() >= highWatermark || records.size() >= maxRecords) {
                return false;
            }
            if (record.offset() >= fromOffset) {
                records.add(new FetchedRecord(record.offset(), record.timestamp(), bytes(record.key()),
                        bytes(record.value()), Arrays.asList(record.headers())));
            }
            return true;
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
