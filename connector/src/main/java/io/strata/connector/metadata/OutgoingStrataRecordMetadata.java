package io.strata.connector.metadata;

import io.strata.client.Header;

import java.util.ArrayList;
import java.util.List;

/**
 * What an application may say about the record an outgoing message becomes: attach it with
 * {@code Message.of(payload).addMetadata(OutgoingStrataRecordMetadata.builder().withKey("alice").build())}.
 * Every field may be left out (null): the topic is then the channel's {@code topic} (else the
 * channel name), the partition the channel's {@code partition} (else the key's murmur2 partition,
 * as Kafka's producer picks it), the key the channel's {@code key}. Immutable.
 */
public record OutgoingStrataRecordMetadata<K>(String topic, K key, Integer partition, Long timestamp, List<Header> headers) {

    public OutgoingStrataRecordMetadata {
        headers = headers == null ? List.of() : List.copyOf(headers);
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition must be 0 or more, got " + partition);
        }
    }

    public static <K> Builder<K> builder() {
        return new Builder<>();
    }

    /** Builds the metadata field by field; not thread-safe. */
    public static final class Builder<K> {
        private String topic;
        private K key;
        private Integer partition;
        private Long timestamp;
        private final List<Header> headers = new ArrayList<>();

        public Builder<K> withTopic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder<K> withKey(K key) {
            this.key = key;
            return this;
        }

        public Builder<K> withPartition(int partition) {
            this.partition = partition;
            return this;
        }

        public Builder<K> withTimestamp(long timestampMs) {
            this.timestamp = timestampMs;
            return this;
        }

        public Builder<K> withHeader(String key, byte[] value) {
            headers.add(new Header(key, value));
            return this;
        }

        public OutgoingStrataRecordMetadata<K> build() {
            return new OutgoingStrataRecordMetadata<>(topic, key, partition, timestamp, headers);
        }
    }
}
