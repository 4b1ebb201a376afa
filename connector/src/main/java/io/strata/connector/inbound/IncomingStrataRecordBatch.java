package io.strata.connector.inbound;

import io.strata.connector.metadata.IncomingStrataRecordBatchMetadata;
import io.strata.connector.metadata.IncomingStrataRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A batch message: the records one poll returned of one partition, payload the list of their
 * values (nulls kept) and {@link IncomingStrataRecordBatchMetadata}. Acking it acks every record;
 * nacking it hands every record to the failure strategy (each its own dead letter), and completes
 * when all were handled. Immutable; ack and nack may be called from any thread.
 */
final class IncomingStrataRecordBatch implements Message<List<Object>> {

    private final List<IncomingStrataRecord<Object, Object>> records;
    private final List<Object> payload;
    private final Metadata metadata;

    IncomingStrataRecordBatch(List<IncomingStrataRecord<Object, Object>> records) {
        this.records = List.copyOf(records);
        List<Object> values = new ArrayList<>(records.size());
        List<IncomingStrataRecordMetadata<Object>> each = new ArrayList<>(records.size());
        for (IncomingStrataRecord<Object, Object> record : records) {
            values.add(record.getPayload());
            @SuppressWarnings("unchecked")
            IncomingStrataRecordMetadata<Object> recordMetadata =
                    record.getMetadata().get(IncomingStrataRecordMetadata.class).orElseThrow();
            each.add(recordMetadata);
        }
        this.payload = Collections.unmodifiableList(values);
        IncomingStrataRecordMetadata<Object> first = each.get(0);
        this.metadata = Metadata.of(new IncomingStrataRecordBatchMetadata<>(first.topic(), first.partition(), each));
    }

    @Override
    public List<Object> getPayload() {
        return payload;
    }

    @Override
    public Metadata getMetadata() {
        return metadata;
    }

    @Override
    public Supplier<CompletionStage<Void>> getAck() {
        return () -> all(records.stream().map(Message::ack).toList());
    }

    @Override
    public Function<Throwable, CompletionStage<Void>> getNack() {
        return reason -> all(records.stream().map(record -> record.nack(reason)).toList());
    }

    private static CompletionStage<Void> all(List<CompletionStage<Void>> stages) {
        return CompletableFuture.allOf(stages.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new));
    }
}
