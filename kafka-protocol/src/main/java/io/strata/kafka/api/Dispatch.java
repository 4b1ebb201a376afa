package io.strata.kafka.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One request on its way through {@link KafkaApis#dispatch}: {@code handedOn} completes once its
 * handler has it (or once it is answered without one: refused, malformed), {@code reply} with what
 * to write back. A connection dispatches its next request only after {@code handedOn}.
 */
public record Dispatch(CompletionStage<Void> handedOn, CompletionStage<Reply> reply) {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** A request answered without reaching a handler. */
    static Dispatch answered(CompletionStage<Reply> reply) {
        return new Dispatch(DONE, reply);
    }

    /** A request the next one must wait for entirely (a bare SASL token: the exchange is lock-step). */
    static Dispatch serial(CompletionStage<Reply> reply) {
        return new Dispatch(reply.thenApply(r -> null), reply);
    }
}
