package io.strata.client.consumer;

import io.strata.api.v1.ErrorCode;
import io.strata.client.Header;
import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.utils.Utils;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The batches of one fetch answer, handed out record by record across polls. A fetch starts at
 * the batch holding the wanted offset, so records below the consumer's position are skipped;
 * after a batch the position moves to the batch's next offset (offsets a batch skips, e.g. after
 * compaction, are passed over). Control batches carry no application records and are skipped.
 *
 * <p>Decoding happens here, in the polling thread and only as far as poll asks. Not thread-safe:
 * used under the fetcher's lock.
 */
final class CompletedFetch {

    final TopicPartition partition;
    final int epoch;
    final int sizeInBytes;
    private final boolean checkCrcs;
    private final Iterator<MutableRecordBatch> batches;
    private MutableRecordBatch batch;
    private Iterator<Record> records;
    private boolean exhausted;

    CompletedFetch(TopicPartition partition, int epoch, ByteBuffer bytes, boolean checkCrcs) {
        this.partition = partition;
        this.epoch = epoch;
        this.sizeInBytes = bytes.remaining();
        this.checkCrcs = checkCrcs;
        this.batches = MemoryRecords.readableRecords(bytes).batches().iterator();
    }

    boolean exhausted() {
        return exhausted;
    }

    /**
     * Adds up to {@code max} records at or after {@code position} to {@code out}; returns the new
     * position (one past the last record handed out, or past the last batch finished).
     */
    long collect(long position, int max, List<ConsumerRecord> out) {
        int taken = 0;
        try {
            while (taken < max) {
                if (records == null || !records.hasNext()) {
                    if (batch != null) {
                        position = Math.max(position, batch.nextOffset());
                        batch = null;
                        records = null;
                    }
                    if (!nextBatch(position)) {
                        exhausted = true;
                        return position;
                    }
                    continue;
                }
                Record record = records.next();
                if (record.offset() < position) {
                    continue;
                }
                out.add(toConsumerRecord(record));
                position = record.offset() + 1;
                taken++;
            }
            return position;
        } catch (CorruptRecordException | InvalidRecordException e) {
            exhausted = true;
            throw new StrataClientException(ErrorCode.CORRUPT_MESSAGE, "corrupt batch in " + partition
                    + " at or after offset " + position + ": " + e.getMessage(), e);
        }
    }

    private boolean nextBatch(long position) {
        while (batches.hasNext()) {
            MutableRecordBatch next = batches.next();
            if (next.nextOffset() <= position) {
                continue;
            }
            if (checkCrcs) {
                next.ensureValid();
            }
            if (next.isControlBatch()) {
                continue;
            }
            batch = next;
            records = next.iterator();
            return true;
        }
        return false;
    }

    private ConsumerRecord toConsumerRecord(Record record) {
        byte[] key = record.hasKey() ? Utils.toArray(record.key()) : null;
        byte[] value = record.hasValue() ? Utils.toArray(record.value()) : null;
        org.apache.kafka.common.header.Header[] headers = record.headers();
        List<Header> converted;
        if (headers.length == 0) {
            converted = List.of();
        } else {
            converted = new ArrayList<>(headers.length);
            for (org.apache.kafka.common.header.Header header : headers) {
                converted.add(new Header(header.key(), header.value()));
            }
        }
        return new ConsumerRecord(partition.topic(), partition.partition(), record.offset(), record.timestamp(),
                key, value, converted);
    }
}
