package io.strata.connector.failure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code failure-strategy=fail}: the nack's reason fails the channel. Stateless. */
public final class FailStop implements FailureHandler {

    @Override
    public CompletionStage<Void> handle(FailedRecord record, Throwable reason) {
        return CompletableFuture.failedFuture(reason);
    }
}
