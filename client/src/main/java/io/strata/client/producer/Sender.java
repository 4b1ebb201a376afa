package io.strata.client.producer;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.strata.api.v1.Acks;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.PartitionBatches;
import io.strata.api.v1.ProduceRequest;
import io.strata.api.v1.ProduceResponse;
import io.strata.client.StrataClientException;
import io.strata.client.config.ProducerConfig;
import io.strata.client.connection.GatewayConnection;
import io.strata.client.retry.RetryBackoff;
import org.apache.kafka.common.record.RecordBatch;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The producer's one network thread. Each turn it keeps the topic metadata current, fails batches
 * past delivery.timeout.ms, and sends every ready partition's batches ({@link RecordAccumulator})
 * as ProduceRequests on the async stub; then it sleeps until the next linger or back-off deadline
 * or until woken (a new batch, an answer, a flush).
 *
 * <p>Answers are handled on gRPC's threads ({@link ProduceOutcome}): futures completed, failed
 * partitions requeued for a retry or failed, the partition freed for its next request. Nothing on
 * those threads blocks.
 */
final class Sender implements Runnable {

    private static final System.Logger LOG = System.getLogger(Sender.class.getName());

    private final ProducerConfig config;
    private final RecordAccumulator accumulator;
    private final ProducerTopics topics;
    private final GatewayConnection connection;
    private final ProducerIdentity identity;
    private final ProduceOutcome outcome;
    private final AtomicInteger flushes = new AtomicInteger();
    private final long deliveryTimeoutNanos;
    private volatile Thread thread;
    private volatile boolean running = true;
    private volatile boolean forceClose;

    Sender(ProducerConfig config, RecordAccumulator accumulator, ProducerTopics topics, GatewayConnection connection,
           ProducerIdentity identity) {
        this.config = config;
        this.accumulator = accumulator;
        this.topics = topics;
        this.connection = connection;
        this.identity = identity;
        this.deliveryTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.deliveryTimeoutMs());
        this.outcome = new ProduceOutcome(config, accumulator, topics, identity, connection,
                new RetryBackoff(config.retryBackoffMs(), config.retryBackoffMaxMs()), this::wakeup);
    }

    void start(Thread thread) {
        this.thread = thread;
        thread.start();
    }

    void wakeup() {
        Thread sender = thread;
        if (sender != null) {
            LockSupport.unpark(sender);
        }
    }

    void beginFlush() {
        flushes.incrementAndGet();
        wakeup();
    }

    void endFlush() {
        flushes.decrementAndGet();
    }

    /** Stops taking new work: what is queued is still sent, then the thread ends. */
    void initiateClose() {
        running = false;
        wakeup();
    }

    /** Stops now: whatever is not sent is failed. */
    void forceClose() {
        forceClose = true;
        running = false;
        wakeup();
    }

    Thread thread() {
        return thread;
    }

    @Override
    public void run() {
        while (running) {
            runOnce(false);
        }
        while (!forceClose && (accumulator.hasIncomplete() || !topics.pendingFutures().isEmpty())) {
            runOnce(true);
        }
        StrataClientException closed = new StrataClientException(ErrorCode.REQUEST_TIMED_OUT,
                "the producer was closed before the record was sent");
        topics.failPending(closed);
        for (ProducerBatch batch : accumulator.removeAll()) {
            batch.fail(closed);
        }
    }

    private void runOnce(boolean closing) {
        try {
            long now = System.nanoTime();
            long next = topics.maintain(now);
            failExpired(now);
            long producerId = RecordBatch.NO_PRODUCER_ID;
            boolean maySend = true;
            if (config.idempotence()) {
                next = Math.min(next, identity.maybeRequest(now));
                producerId = identity.producerId();
                maySend = producerId != RecordBatch.NO_PRODUCER_ID;
            }
            if (maySend) {
                boolean flushing = closing || flushes.get() > 0;
                for (DrainedRequest request : accumulator.drain(now, config.maxRequestSize(), flushing, producerId,
                        identity.epoch())) {
                    send(request);
                }
                next = Math.min(next, accumulator.nextReadyNanos());
            }
            park(now, next);
        } catch (RuntimeException unexpected) {
            // A bug must not kill the only thread that sends: log it and go on.
            LOG.log(System.Logger.Level.ERROR, "unexpected failure in the producer's sender thread", unexpected);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private static void park(long now, long next) {
        // At most a second: delivery timeouts and a stuck in-flight request are checked at least that often.
        long waitNanos = Math.min(next - now, TimeUnit.SECONDS.toNanos(1));
        if (waitNanos > 0) {
            LockSupport.parkNanos(waitNanos);
        }
    }

    private void failExpired(long now) {
        for (ProducerBatch batch : accumulator.expire(now, deliveryTimeoutNanos)) {
            if (batch.sealed()) {
                identity.resetAfterFailureOf(batch.producerId());
            }
            batch.fail(new StrataClientException(ErrorCode.REQUEST_TIMED_OUT, "expired " + batch + ": not acknowledged within delivery.timeout.ms ("
                    + config.deliveryTimeoutMs() + " ms) after " + batch.attempts() + " attempt(s)"));
        }
    }

    private void send(DrainedRequest drained) {
        ProduceRequest.Builder request = ProduceRequest.newBuilder().setTopic(drained.topic).setAcks(acks())
                .setTimeoutMs(config.requestTimeoutMs());
        for (DrainedPartition partition : drained.partitions) {
            request.addBatches(PartitionBatches.newBuilder().setPartition(partition.queue().partition)
                    .setRecords(concat(partition.batches())));
        }
        int gateway = connection.current();
        // The gateway answers by timeout_ms; the deadline leaves room for that answer to arrive.
        long deadlineMs = config.requestTimeoutMs() + Math.max(1000, config.requestTimeoutMs() / 10);
        connection.async(gateway).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                .produce(request.build(), new StreamObserver<>() {
                    @Override
                    public void onNext(ProduceResponse response) {
                        outcome.answered(drained, response);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        outcome.failed(drained, failure, gateway);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
    }

    private Acks acks() {
        return config.acks();
    }

    private static ByteString concat(List<ProducerBatch> batches) {
        if (batches.size() == 1) {
            return batches.get(0).bytes();
        }
        // A rope over the batches' own bytes: nothing is copied until gRPC writes the request.
        return ByteString.copyFrom(batches.stream().map(ProducerBatch::bytes).toList());
    }
}
