package io.strata.client.producer;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.RecordBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records waiting to be sent, in one {@link PartitionQueue} of batches per partition.
 *
 * <p>The sending rule: a partition is <em>ready</em> when it has no request in flight, its
 * back-off (after a failed attempt) has passed, and its oldest batch is full, or has waited
 * {@code linger.ms}, or was sent before (a retry), or a flush is on. A ready partition gives up
 * all its batches at once (at most five with idempotence: the leader's limit), back to back, so one round trip carries everything that piled
 * up while the previous request was in flight — except a retry, which goes alone, exactly as it
 * was first sent batch by batch (the leader then answers each batch as new or duplicate).
 * A request holds partitions of one topic up to {@code max.request.size} bytes (always at least
 * one batch).
 *
 * <p>Batches grow under load: a batch started while its partition has a request in flight and a
 * batch already waiting gets room for {@code max.request.size / 5} bytes (at most the topic's
 * max.message.bytes) instead of {@code batch.size}, since it cannot leave before the answer anyway.
 * With one request in flight per partition and five batches per request, this is what lets a busy
 * partition carry up to a request's worth per round trip; a quiet one keeps small batches.
 *
 * <p>Batches are stamped (producer id, epoch, base sequence) when first drained, in partition
 * order, so sequence numbers follow the order of the log. Thread-safe: appends and drains lock one
 * partition queue at a time; the drain is called by the one sender thread.
 */
final class RecordAccumulator {

    private final int batchSize;
    private final Compression compression;
    private final long lingerNanos;
    private final BufferPool pool;
    private final int maxBatchesPerPartition;
    private final int grownBatchBytes;
    private final ConcurrentHashMap<String, TopicQueues> topics = new ConcurrentHashMap<>();
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    private int drainRotation;

    /**
     * @param maxBatchesPerPartition most batches of one partition in one request: a partition
     *                               leader remembers the last five batches of an idempotent producer
     *                               and refuses a request with more, so that a retried request is
     *                               always recognised whole
     * @param maxRequestSize         max.request.size, which batches grown under load share five ways
     */
    RecordAccumulator(int batchSize, Compression compression, long lingerNanos, BufferPool pool, int maxBatchesPerPartition,
                      int maxRequestSize) {
        this.batchSize = batchSize;
        this.grownBatchBytes = maxRequestSize / Math.min(maxBatchesPerPartition, 5);
        this.maxBatchesPerPartition = maxBatchesPerPartition;
        this.compression = compression;
        this.lingerNanos = lingerNanos;
        this.pool = pool;
    }

    TopicQueues topic(String name) {
        return topics.computeIfAbsent(name, TopicQueues::new);
    }

    /**
     * Appends a record to the partition's open batch, or to a new batch when it does not fit;
     * waits up to {@code maxBlockMs} for buffer memory ({@code maxBlockMs < 0}: never waits, may
     * overshoot the limit — for the sender thread). Returns true when it started a new batch
     * (the sender may have something new to do).
     */
    boolean append(TopicQueues topic, PartitionQueue queue, long timestamp, byte[] key, byte[] value, Header[] headers,
                   CompletableFuture<RecordMetadata> future, long maxBlockMs, long nowNanos) throws InterruptedException {
        ByteBuffer keyBuffer = key == null ? null : ByteBuffer.wrap(key);
        ByteBuffer valueBuffer = value == null ? null : ByteBuffer.wrap(value);
        boolean busy;
        synchronized (queue) {
            if (tryAppendToOpen(queue, timestamp, keyBuffer, valueBuffer, headers, future)) {
                return false;
            }
            busy = queue.inFlight && !queue.batches.isEmpty();
        }
        int size = Math.max(busy ? grownBatchSize(topic) : batchSize, AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE, compression.type(), keyBuffer, valueBuffer, headers));
        // Memory is taken outside the queue's lock: the sender must be able to drain while we wait.
        ByteBuffer buffer = maxBlockMs < 0 ? pool.allocateNow(size) : pool.allocate(size, maxBlockMs);
        synchronized (queue) {
            if (tryAppendToOpen(queue, timestamp, keyBuffer, valueBuffer, headers, future)) {
                pool.release(buffer, size);
                return false;
            }
            ProducerBatch batch = new ProducerBatch(queue.topic, queue.partition, buffer, size, compression, nowNanos);
            batch.tryAppend(timestamp, keyBuffer, valueBuffer, headers, future);
            incomplete.add(batch);
            batch.done().whenComplete((ignored, failure) -> finished(batch));
            queue.batches.addLast(batch);
            return true;
        }
    }

    private int grownBatchSize(TopicQueues topic) {
        int limit = topic.maxBatchBytes;
        return limit <= 0 ? batchSize : Math.max(batchSize, Math.min(grownBatchBytes, limit));
    }

    private static boolean tryAppendToOpen(PartitionQueue queue, long timestamp, ByteBuffer key, ByteBuffer value,
                                           Header[] headers, CompletableFuture<RecordMetadata> future) {
        ProducerBatch open = queue.batches.peekLast();
        if (open == null || open.attempts() > 0 || open.sealed()) {
            return false;
        }
        // A batch still in the queue has never been drained, so it is open for appends.
        return open.tryAppend(timestamp, key, value, headers, future);
    }

    /**
     * Takes the batches of every ready partition, grouped into requests (see the class comment),
     * stamps them with {@code producerId}/{@code epoch} (NO_PRODUCER_ID: not idempotent) and marks
     * those partitions in flight.
     */
    List<DrainedRequest> drain(long nowNanos, int maxRequestSize, boolean flushing, long producerId, short epoch) {
        List<DrainedRequest> requests = new ArrayList<>();
        int rotation = drainRotation++;
        for (TopicQueues topic : topics.values()) {
            PartitionQueue[] queues = topic.all();
            DrainedRequest request = new DrainedRequest(topic.topic);
            for (int i = 0; i < queues.length; i++) {
                PartitionQueue queue = queues[Math.floorMod(rotation + i, queues.length)];
                if (queue == null) {
                    continue;
                }
                synchronized (queue) {
                    if (!queue.ready(nowNanos, lingerNanos, flushing)) {
                        continue;
                    }
                    if (!request.isEmpty() && firstSize(queue) > maxRequestSize - request.bytes) {
                        requests.add(request);
                        request = new DrainedRequest(topic.topic);
                    }
                    takeBatches(queue, maxRequestSize - request.bytes, maxBatchesPerPartition, producerId, epoch, request);
                }
            }
            if (!request.isEmpty()) {
                requests.add(request);
            }
        }
        return requests;
    }

    private static int firstSize(PartitionQueue queue) {
        return queue.batches.peekFirst().estimatedBytes();
    }

    /** Caller holds the queue's monitor; the queue is ready and its first batch fits or the request is empty. */
    private static void takeBatches(PartitionQueue queue, int budget, int maxBatches, long producerId, short epoch,
                                    DrainedRequest request) {
        List<ProducerBatch> taken = new ArrayList<>();
        int bytes = 0;
        boolean retry = queue.batches.peekFirst().attempts() > 0;
        while (!queue.batches.isEmpty()) {
            ProducerBatch next = queue.batches.peekFirst();
            if (!taken.isEmpty() && (retry || next.attempts() > 0 || taken.size() == maxBatches
                    || bytes + next.estimatedBytes() > budget)) {
                break;
            }
            queue.batches.pollFirst();
            if (!next.sealed()) {
                next.closeForAppends();
                int sequence = producerId == RecordBatch.NO_PRODUCER_ID ? RecordBatch.NO_SEQUENCE
                        : queue.sequence.assign(producerId, next.recordCount());
                next.seal(producerId, epoch, sequence);
            }
            next.attempted();
            taken.add(next);
            bytes += next.bytes().size();
        }
        queue.inFlight = true;
        request.add(new DrainedPartition(queue, taken), bytes);
    }

    /** The earliest time a partition becomes ready by time alone; Long.MAX_VALUE when none will. */
    long nextReadyNanos() {
        long next = Long.MAX_VALUE;
        for (TopicQueues topic : topics.values()) {
            for (PartitionQueue queue : topic.all()) {
                if (queue != null) {
                    synchronized (queue) {
                        next = Math.min(next, queue.readyAtNanos(lingerNanos));
                    }
                }
            }
        }
        return next;
    }

    /** Removes and returns the batches not in flight that are older than the delivery timeout. */
    List<ProducerBatch> expire(long nowNanos, long deliveryTimeoutNanos) {
        List<ProducerBatch> expired = new ArrayList<>();
        for (TopicQueues topic : topics.values()) {
            for (PartitionQueue queue : topic.all()) {
                if (queue == null) {
                    continue;
                }
                synchronized (queue) {
                    while (!queue.inFlight && !queue.batches.isEmpty()
                            && queue.batches.peekFirst().expired(nowNanos, deliveryTimeoutNanos)) {
                        expired.add(queue.batches.pollFirst());
                    }
                }
            }
        }
        return expired;
    }

    /** A request of the partition ended: it may be drained again. */
    void completed(PartitionQueue queue) {
        synchronized (queue) {
            queue.inFlight = false;
        }
    }

    void requeue(PartitionQueue queue, List<ProducerBatch> batches, long notBeforeNanos) {
        synchronized (queue) {
            queue.requeue(batches, notBeforeNanos);
        }
    }

    /** Removes every batch not in flight (closing the producer without waiting). */
    List<ProducerBatch> removeAll() {
        List<ProducerBatch> removed = new ArrayList<>();
        for (TopicQueues topic : topics.values()) {
            for (PartitionQueue queue : topic.all()) {
                if (queue != null) {
                    synchronized (queue) {
                        removed.addAll(queue.batches);
                        queue.batches.clear();
                    }
                }
            }
        }
        return removed;
    }

    /** Every batch created and not yet completed or failed (for flush). */
    Collection<ProducerBatch> incomplete() {
        return List.copyOf(incomplete);
    }

    boolean hasIncomplete() {
        return !incomplete.isEmpty();
    }

    private void finished(ProducerBatch batch) {
        incomplete.remove(batch);
        pool.release(batch.pooledBuffer(), batch.pooledSize());
    }
}
