package io.strata.connector.failure;

import java.util.concurrent.CompletionStage;

/**
 * Deals with a nacked record as the channel's {@code failure-strategy} says. The stage it returns
 * is the answer to the nack: completed normally, the record counts as processed (its offset may be
 * committed); completed exceptionally, the channel fails with that exception.
 *
 * <p>Implementations are thread-safe: nacks come from whatever thread the application uses.
 */
public interface FailureHandler extends AutoCloseable {

    CompletionStage<Void> handle(FailedRecord record, Throwable reason);

    /** Releases what the handler holds (the dead-letter producer); waits for records under way. */
    @Override
    default void close() {
    }
}
