package io.strata.kafka.api;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * One request's handler as its {@link RequestGate} sees it: tells the connection when the handler
 * has the request, and makes a gate that decides later (after reading the ACLs, say) hand the
 * request over on the connection's own thread.
 *
 * <p>Why: handlers such as Produce call their backend synchronously, so a connection's appends reach
 * the log in the order its requests arrived only if each request reaches its handler in that order
 * and on the connection's thread. A gate that continues on whatever thread finished its read would
 * race the connection's next request (two batches of one partition appended out of order). With
 * this, the connection reads no further request until {@link #handedOn()} completes.
 *
 * <p>Invariant: {@link #handle} reaches the real handler exactly once per call, on the thread that
 * dispatched the request if the gate calls it before returning, else through the connection's
 * executor; {@link #handedOn()} completes just before the real handler is called. Thread-safe.
 */
final class HandOff implements KafkaApiHandler {

    private final KafkaApiHandler handler;
    private final Executor connection;
    private final Thread dispatching = Thread.currentThread();
    private final CompletableFuture<Void> handedOn = new CompletableFuture<>();
    private volatile boolean gateRunning = true;

    HandOff(KafkaApiHandler handler, Executor connection) {
        this.handler = handler;
        this.connection = connection;
    }

    /** Completes once the handler has the request. */
    CompletableFuture<Void> handedOn() {
        return handedOn;
    }

    /** The gate returned: a call from now on comes from a later continuation and takes the executor. */
    void gateReturned() {
        gateRunning = false;
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        if (gateRunning && Thread.currentThread() == dispatching) {
            handedOn.complete(null);
            return handler.handle(request);
        }
        CompletableFuture<ApiMessage> answer = new CompletableFuture<>();
        connection.execute(() -> {
            handedOn.complete(null);
            CompletionStage<ApiMessage> stage;
            try {
                stage = handler.handle(request);
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
                return;
            }
            stage.whenComplete((response, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else {
                    answer.complete(response);
                }
            });
        });
        return answer;
    }

    @Override
    public ApiKeys apiKey() {
        return handler.apiKey();
    }

    @Override
    public short minVersion() {
        return handler.minVersion();
    }

    @Override
    public short maxVersion() {
        return handler.maxVersion();
    }
}
