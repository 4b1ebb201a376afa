package io.strata.connector.inbound;

import io.strata.connector.metadata.IncomingStrataRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The message of one record read by an incoming channel: its deserialized value as payload (null
 * for a tombstone, which {@code Message.of} would refuse), {@link IncomingStrataRecordMetadata}
 * as metadata, and acknowledgement functions that report back to the channel's poll loop.
 * Immutable; ack and nack may be called from any thread.
 */
final class IncomingStrataRecord<K, V> implements Message<V> {

    private final V payload;
    private final Metadata metadata;
    private final Supplier<CompletionStage<Void>> ack;
    private final Function<Throwable, CompletionStage<Void>> nack;

    IncomingStrataRecord(V payload, IncomingStrataRecordMetadata<K> metadata, Supplier<CompletionStage<Void>> ack,
                         Function<Throwable, CompletionStage<Void>> nack) {
        this.payload = payload;
        this.metadata = Metadata.of(metadata);
        this.ack = ack;
        this.nack = nack;
    }

    @Override
    public V getPayload() {
        return payload;
    }

    @Override
    public Metadata getMetadata() {
        return metadata;
    }

    @Override
    public Supplier<CompletionStage<Void>> getAck() {
        return ack;
    }

    @Override
    public Function<Throwable, CompletionStage<Void>> getNack() {
        return nack;
    }

    @Override
    public String toString() {
        return "IncomingStrataRecord" + metadata.get(IncomingStrataRecordMetadata.class)
                .map(m -> "[" + m.topic() + "-" + m.partition() + "@" + m.offset() + "]").orElse("");
    }
}
