package io.strata.client.producer;

import io.grpc.stub.StreamObserver;
import io.strata.api.v1.InitProducerIdRequest;
import io.strata.api.v1.InitProducerIdResponse;
import io.strata.client.connection.GatewayConnection;
import io.strata.client.retry.RetryBackoff;
import org.apache.kafka.common.record.RecordBatch;

import java.util.concurrent.TimeUnit;

/**
 * The idempotent producer's id and epoch (InitProducerId: a fresh id, epoch 0), asked for before
 * the first batch is sent. A batch that was sent under the current id and then failed for good
 * leaves a hole in that partition's sequence numbers, which the leader would refuse ever after
 * (OUT_OF_ORDER_SEQUENCE_NUMBER): so such a failure retires the id, and batches not sent yet wait
 * for a new one and start again at sequence 0. Batches already sent keep their id and bytes.
 *
 * <p>Thread-safe: the sender thread asks, gRPC threads answer and report failures.
 */
final class ProducerIdentity {

    private final GatewayConnection connection;
    private final RetryBackoff backoff;
    private final int requestTimeoutMs;
    private final Runnable wakeup;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short epoch = RecordBatch.NO_PRODUCER_EPOCH;
    private boolean requesting;
    private int failures;
    private long notBeforeNanos;

    ProducerIdentity(GatewayConnection connection, RetryBackoff backoff, int requestTimeoutMs, Runnable wakeup) {
        this.connection = connection;
        this.backoff = backoff;
        this.requestTimeoutMs = requestTimeoutMs;
        this.wakeup = wakeup;
    }

    synchronized long producerId() {
        return producerId;
    }

    synchronized short epoch() {
        return epoch;
    }

    /** Asks for an id if there is none and no request is under way; returns when to look again. */
    synchronized long maybeRequest(long nowNanos) {
        if (producerId != RecordBatch.NO_PRODUCER_ID || requesting) {
            return Long.MAX_VALUE;
        }
        if (nowNanos - notBeforeNanos < 0) {
            return notBeforeNanos;
        }
        requesting = true;
        int gateway = connection.current();
        connection.async(gateway).withDeadlineAfter(requestTimeoutMs, TimeUnit.MILLISECONDS)
                .initProducerId(InitProducerIdRequest.getDefaultInstance(), new StreamObserver<>() {
                    @Override
                    public void onNext(InitProducerIdResponse response) {
                        received(response);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        connection.failure(failure, gateway);
                        refused();
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        return Long.MAX_VALUE;
    }

    /** A batch stamped with {@code failedProducerId} failed for good: retire that id if it is the current one. */
    synchronized void resetAfterFailureOf(long failedProducerId) {
        if (failedProducerId != RecordBatch.NO_PRODUCER_ID && failedProducerId == producerId) {
            producerId = RecordBatch.NO_PRODUCER_ID;
            epoch = RecordBatch.NO_PRODUCER_EPOCH;
            wakeup.run();
        }
    }

    private void received(InitProducerIdResponse response) {
        synchronized (this) {
            requesting = false;
            failures = 0;
            producerId = response.getProducerId();
            epoch = (short) response.getProducerEpoch();
        }
        wakeup.run();
    }

    private void refused() {
        synchronized (this) {
            requesting = false;
            failures++;
            notBeforeNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff.backoffMs(failures));
        }
        wakeup.run();
    }
}
