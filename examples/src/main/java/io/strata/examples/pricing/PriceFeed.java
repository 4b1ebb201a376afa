package io.strata.examples.pricing;

import io.strata.connector.metadata.OutgoingStrataRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Publishes quotes to the {@code prices} topic through an {@link Emitter}, keyed by item so every
 * quote of an item lands on one partition (in order). The returned stage completes when the
 * cluster acknowledged the record, or fails with the reason it was not written.
 */
@ApplicationScoped
public class PriceFeed {

    @Inject
    @Channel("price-feed")
    Emitter<Price> emitter;

    public CompletionStage<Void> publish(Price price) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        emitter.send(Message.of(price)
                .addMetadata(OutgoingStrataRecordMetadata.<String>builder().withKey(price.item()).build())
                .withAck(() -> {
                    written.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(reason -> {
                    written.completeExceptionally(reason);
                    return CompletableFuture.completedFuture(null);
                }));
        return written;
    }
}
