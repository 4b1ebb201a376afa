package io.strata.connector.failure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code failure-strategy=ignore}: the failure is logged, the record counts as processed. Stateless. */
public final class IgnoreFailure implements FailureHandler {

    private static final System.Logger LOG = System.getLogger(IgnoreFailure.class.getName());

    @Override
    public CompletionStage<Void> handle(FailedRecord record, Throwable reason) {
        LOG.log(System.Logger.Level.WARNING, "channel " + record.channel() + ": the record at offset " + record.offset()
                + " of " + record.topic() + "-" + record.partition() + " was nacked and is ignored (failure-strategy=ignore): "
                + reason);
        return CompletableFuture.completedFuture(null);
    }
}
