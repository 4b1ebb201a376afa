package io.strata.client.producer;

import io.strata.client.Header;

import java.util.List;
import java.util.Objects;

/**
 * A record to send. {@code partition} null lets the producer choose (murmur2 of the key, as
 * Kafka's producer does, or sticky when the key is null); {@code timestamp} null means the time of
 * {@code send}. Key and value arrays are the caller's and are not copied: do not change them until
 * the send completes.
 */
public record ProducerRecord(String topic, Integer partition, Long timestamp, byte[] key, byte[] value,
                             List<Header> headers) {

    public ProducerRecord {
        Objects.requireNonNull(topic, "topic");
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition must be 0 or more, got " + partition);
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("timestamp must be 0 or more, got " + timestamp);
        }
        headers = headers == null ? List.of() : headers;
    }

    public ProducerRecord(String topic, byte[] key, byte[] value) {
        this(topic, null, null, key, value, List.of());
    }

    public ProducerRecord(String topic, Integer partition, byte[] key, byte[] value) {
        this(topic, partition, null, key, value, List.of());
    }
}
