package io.strata.client.producer;

import io.strata.api.v1.BatchResult;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.ProduceResponse;
import io.strata.client.StrataClientException;
import io.strata.client.config.ProducerConfig;
import io.strata.client.connection.GatewayConnection;
import io.strata.client.retry.RetryBackoff;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the answer to a ProduceRequest means for each partition in it: success completes the
 * records' futures in order (record i of the entry at {@code base_offset + i}); a retriable failure
 * puts the batches back at the head of their partition after a back-off; any other failure, or
 * running out of retries or delivery time, fails them (and retires the producer id whose sequence
 * they break). Only after that is the partition free for its next request, so futures complete in
 * partition order.
 *
 * <p>Runs on gRPC's threads; never blocks.
 */
final class ProduceOutcome {

    private final ProducerConfig config;
    private final RecordAccumulator accumulator;
    private final ProducerTopics topics;
    private final ProducerIdentity identity;
    private final GatewayConnection connection;
    private final RetryBackoff backoff;
    private final Runnable wakeup;
    private final long deliveryTimeoutNanos;

    ProduceOutcome(ProducerConfig config, RecordAccumulator accumulator, ProducerTopics topics, ProducerIdentity identity,
                   GatewayConnection connection, RetryBackoff backoff, Runnable wakeup) {
        this.config = config;
        this.accumulator = accumulator;
        this.topics = topics;
        this.identity = identity;
        this.connection = connection;
        this.backoff = backoff;
        this.wakeup = wakeup;
        this.deliveryTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.deliveryTimeoutMs());
    }

    void answered(DrainedRequest request, ProduceResponse response) {
        long now = System.nanoTime();
        for (int i = 0; i < request.partitions.size(); i++) {
            DrainedPartition partition = request.partitions.get(i);
            if (i >= response.getBatchesCount()) {
                failed(partition, new StrataClientException(ErrorCode.UNKNOWN_SERVER_ERROR,
                        "the gateway's answer has no result for entry " + i + " (partition " + partition.queue().partition + ")"), now);
                continue;
            }
            BatchResult result = response.getBatches(i);
            ErrorCode code = result.getErrorCode();
            if (code == ErrorCode.ERROR_CODE_UNSPECIFIED) {
                succeeded(partition, result.getBaseOffset());
            } else if (code == ErrorCode.DUPLICATE_SEQUENCE_NUMBER) {
                // The leader has these records already but can no longer say where: written, offsets unknown.
                succeeded(partition, -1);
            } else {
                failed(partition, new StrataClientException(code, result.getErrorMessage()), now);
            }
        }
        wakeup.run();
    }

    void failed(DrainedRequest request, Throwable failure, int gateway) {
        StrataClientException error = connection.failure(failure, gateway);
        long now = System.nanoTime();
        for (DrainedPartition partition : request.partitions) {
            failed(partition, error, now);
        }
        wakeup.run();
    }

    private void succeeded(DrainedPartition partition, long baseOffset) {
        long offset = baseOffset;
        for (ProducerBatch batch : partition.batches()) {
            batch.complete(offset);
            if (offset >= 0) {
                offset += batch.recordCount();
            }
        }
        accumulator.completed(partition.queue());
    }

    private void failed(DrainedPartition partition, StrataClientException error, long now) {
        PartitionQueue queue = partition.queue();
        List<ProducerBatch> batches = partition.batches();
        if (error.code() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
            topics.refreshSoon(queue.topic);
        }
        if (mayRetry(queue, batches, error, now)) {
            int attempts = batches.get(0).attempts();
            accumulator.requeue(queue, batches, now + TimeUnit.MILLISECONDS.toNanos(backoff.backoffMs(attempts)));
            return;
        }
        StrataClientException failure = new StrataClientException(error.code(), "produce to " + queue.topic + "-"
                + queue.partition + " failed after " + batches.get(0).attempts() + " attempt(s): " + error.getMessage(), error);
        for (ProducerBatch batch : batches) {
            identity.resetAfterFailureOf(batch.producerId());
            batch.fail(failure);
        }
        accumulator.completed(queue);
    }

    private boolean mayRetry(PartitionQueue queue, List<ProducerBatch> batches, StrataClientException error, long now) {
        boolean retriable = error.retriable() || (error.code() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
                && topics.state(queue.topic).knownPartition(queue.partition));
        if (!retriable) {
            return false;
        }
        for (ProducerBatch batch : batches) {
            if (batch.attempts() > config.retries() || batch.expired(now, deliveryTimeoutNanos)) {
                return false;
            }
        }
        return true;
    }
}
