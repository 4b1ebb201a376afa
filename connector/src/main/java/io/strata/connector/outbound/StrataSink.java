package io.strata.connector.outbound;

import io.strata.client.Header;
import io.micrometer.core.instrument.Metrics;
import io.strata.client.producer.Producer;
import io.strata.client.producer.ProducerRecord;
import io.strata.connector.metrics.ProducerMeters;
import io.strata.connector.metadata.OutgoingStrataRecordMetadata;
import io.strata.connector.serde.SerdeLoader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An outgoing channel: the {@link Flow.Subscriber} the connector gives SmallRye Reactive
 * Messaging. Each message becomes one record (topic, key, partition, timestamp and headers from
 * its {@link OutgoingStrataRecordMetadata}, else from the channel's attributes), serialized with
 * the channel's Kafka serializers and sent by one Strata producer. The message is acked when the
 * cluster acknowledged the record at the channel's {@code acks}, and nacked with the cause when
 * it was not (or could not be built or serialized). At most {@code max-inflight-messages} are
 * requested and not yet settled.
 *
 * <p>Thread-safe as a Reactive Streams subscriber must be (signals arrive serially); producer
 * callbacks request more from gRPC's threads. {@code send} may block while the producer's
 * {@code buffer.memory} is full (up to {@code max.block.ms}).
 */
public final class StrataSink implements Flow.Subscriber<Message<?>>, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StrataSink.class.getName());

    private final SinkSettings settings;
    private final Producer producer;
    private final ProducerMeters meters;
    private final Serializer<Object> keySerializer;
    private final Serializer<Object> valueSerializer;
    private volatile Flow.Subscription subscription;

    public StrataSink(SinkSettings settings) {
        this.settings = settings;
        this.keySerializer = SerdeLoader.serializer("key.serializer", settings.keySerializer(), settings.clientConfig(), true);
        this.valueSerializer = SerdeLoader.serializer("value.serializer", settings.valueSerializer(), settings.clientConfig(), false);
        this.producer = Producer.create(settings.clientConfig());
        this.meters = new ProducerMeters(Metrics.globalRegistry, settings.channel(), ProducerMeters.OUTGOING, producer);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        if (this.subscription != null) {
            subscription.cancel(); // Reactive Streams rule 2.5: one subscription at a time
            return;
        }
        this.subscription = subscription;
        subscription.request(settings.maxInflightMessages());
    }

    @Override
    public void onNext(Message<?> message) {
        CompletableFuture<?> written;
        try {
            written = producer.send(record(message));
        } catch (RuntimeException refused) {
            settle(message.nack(refused));
            return;
        }
        if (!settings.waitForWriteCompletion()) {
            settle(message.ack());
            written.whenComplete((metadata, failure) -> {
                if (failure != null) {
                    LOG.log(System.Logger.Level.WARNING, "channel " + settings.channel()
                            + ": a record acked before it was written failed (wait-for-write-completion=false): " + failure);
                }
            });
            return;
        }
        written.whenComplete((metadata, failure) -> settle(failure == null ? message.ack() : message.nack(unwrap(failure))));
    }

    private ProducerRecord record(Message<?> message) {
        Optional<OutgoingStrataRecordMetadata<?>> metadata = message.getMetadata(OutgoingStrataRecordMetadata.class)
                .map(found -> (OutgoingStrataRecordMetadata<?>) found);
        String topic = metadata.map(OutgoingStrataRecordMetadata::topic).orElse(settings.topic());
        Object key = metadata.<Object>map(OutgoingStrataRecordMetadata::key).orElse(settings.key());
        Integer partition = metadata.map(OutgoingStrataRecordMetadata::partition)
                .orElse(settings.partition() >= 0 ? settings.partition() : null);
        Long timestamp = metadata.map(OutgoingStrataRecordMetadata::timestamp).orElse(null);
        List<Header> headers = metadata.map(OutgoingStrataRecordMetadata::headers).orElse(List.of());
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach(header -> kafkaHeaders.add(header.key(), header.value()));
        byte[] keyBytes = key == null ? null : keySerializer.serialize(topic, kafkaHeaders, key);
        byte[] valueBytes = valueSerializer.serialize(topic, kafkaHeaders, message.getPayload());
        return new ProducerRecord(topic, partition, timestamp, keyBytes, valueBytes, headers);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    private void settle(CompletionStage<Void> settled) {
        settled.whenComplete((done, failure) -> subscription.request(1));
    }

    @Override
    public void onError(Throwable failure) {
        LOG.log(System.Logger.Level.ERROR, "channel " + settings.channel() + ": its upstream failed: " + failure, failure);
    }

    @Override
    public void onComplete() {
        producer.flush();
    }

    /** Sends what is queued and waits for it, then releases the producer. */
    @Override
    public void close() {
        meters.close();
        producer.close();
        keySerializer.close();
        valueSerializer.close();
    }
}
