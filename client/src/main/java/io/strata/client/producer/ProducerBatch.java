package io.strata.client.producer;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.strata.client.StrataClientException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * One RecordBatch v2 being filled for one partition, and the futures of its records.
 *
 * <p>Life: <em>open</em> (records are appended by {@code send}, under the partition queue's lock)
 * → <em>sealed</em> when first drained: stamped with the producer id, epoch and base sequence and
 * closed into its final bytes, which every retry sends unchanged (so the leader can recognise a
 * duplicate) → <em>done</em>: every record future completed or failed exactly once, the buffer
 * returned to the pool.
 */
final class ProducerBatch {

    final String topic;
    final int partition;
    final long createdNanos;
    private final ByteBuffer pooled;
    private final int pooledSize;
    private final MemoryRecordsBuilder builder;
    private CompletableFuture<RecordMetadata>[] futures;
    private long[] timestamps = new long[16];
    private int records;
    private ByteString bytes;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    /** Times this batch was sent (1 after the first send). */
    private int attempts;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    @SuppressWarnings("unchecked")
    ProducerBatch(String topic, int partition, ByteBuffer pooled, int pooledSize, Compression compression, long nowNanos) {
        this.topic = topic;
        this.partition = partition;
        this.pooled = pooled;
        this.pooledSize = pooledSize;
        this.createdNanos = nowNanos;
        this.builder = MemoryRecords.builder(pooled, RecordBatch.CURRENT_MAGIC_VALUE, compression,
                TimestampType.CREATE_TIME, 0L);
        this.futures = (CompletableFuture<RecordMetadata>[]) new CompletableFuture<?>[16];
    }

    /** Appends a record if it fits (the first record always fits); false when the batch is full. */
    boolean tryAppend(long timestamp, ByteBuffer key, ByteBuffer value, Header[] headers,
                      CompletableFuture<RecordMetadata> future) {
        if (records > 0 && !builder.hasRoomFor(timestamp, key, value, headers)) {
            return false;
        }
        builder.append(timestamp, key, value, headers);
        if (records == futures.length) {
            futures = Arrays.copyOf(futures, records * 2);
            timestamps = Arrays.copyOf(timestamps, records * 2);
        }
        futures[records] = future;
        timestamps[records] = timestamp;
        records++;
        return true;
    }

    boolean isFull() {
        return builder.isFull();
    }

    int recordCount() {
        return records;
    }

    int estimatedBytes() {
        return bytes != null ? bytes.size() : builder.estimatedSizeInBytes();
    }

    boolean sealed() {
        return bytes != null;
    }

    /** No more records: the compressed stream is finished (the bytes are written at {@link #seal}). */
    void closeForAppends() {
        builder.closeForRecordAppends();
    }

    /** Stamps and closes the batch; the bytes are final from here on. */
    void seal(long producerId, short epoch, int baseSequence) {
        if (producerId != RecordBatch.NO_PRODUCER_ID) {
            builder.setProducerState(producerId, epoch, baseSequence, false);
        }
        this.producerId = producerId;
        builder.close();
        ByteBuffer built = builder.build().buffer();
        bytes = built.hasArray()
                ? UnsafeByteOperations.unsafeWrap(built.array(), built.arrayOffset() + built.position(), built.remaining())
                : UnsafeByteOperations.unsafeWrap(built);
    }

    ByteString bytes() {
        return bytes;
    }

    long producerId() {
        return producerId;
    }

    int attempts() {
        return attempts;
    }

    void attempted() {
        attempts++;
    }

    boolean expired(long nowNanos, long deliveryTimeoutNanos) {
        return nowNanos - createdNanos >= deliveryTimeoutNanos;
    }

    /** Completes every record: record i gets offset {@code baseOffset + i} (all −1 when unknown). */
    void complete(long baseOffset) {
        if (done.isDone()) {
            return;
        }
        for (int i = 0; i < records; i++) {
            futures[i].complete(new RecordMetadata(topic, partition, baseOffset < 0 ? -1 : baseOffset + i, timestamps[i]));
        }
        finish();
    }

    void fail(StrataClientException failure) {
        if (done.isDone()) {
            return;
        }
        for (int i = 0; i < records; i++) {
            futures[i].completeExceptionally(failure);
        }
        finish();
    }

    /** Completes when every record of the batch is completed or failed. */
    CompletableFuture<Void> done() {
        return done;
    }

    ByteBuffer pooledBuffer() {
        return pooled;
    }

    int pooledSize() {
        return pooledSize;
    }

    private void finish() {
        futures = null;
        done.complete(null);
    }

    @Override
    public String toString() {
        return "batch of " + records + " records for " + topic + "-" + partition;
    }
}
