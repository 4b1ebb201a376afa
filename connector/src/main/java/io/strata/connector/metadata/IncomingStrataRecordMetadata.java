package io.strata.connector.metadata;

import io.strata.client.Header;

import java.time.Instant;
import java.util.List;

/**
 * Where an incoming message came from, attached to every message of a {@code smallrye-strata}
 * incoming channel: {@code message.getMetadata(IncomingStrataRecordMetadata.class)}. The key is
 * deserialized with the channel's {@code key.deserializer}; headers are the record's, in order.
 * Immutable (the header values are the record's arrays: do not change them).
 */
public record IncomingStrataRecordMetadata<K>(K key, String topic, int partition, long offset, Instant timestamp,
                                              List<Header> headers) {

    public IncomingStrataRecordMetadata {
        headers = List.copyOf(headers);
    }

    /** The value of the last header named {@code key}, or null (absent, or a null value). */
    public byte[] lastHeader(String key) {
        byte[] value = null;
        for (Header header : headers) {
            if (header.key().equals(key)) {
                value = header.value();
            }
        }
        return value;
    }
}
