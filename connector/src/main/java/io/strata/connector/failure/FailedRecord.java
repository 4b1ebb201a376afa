package io.strata.connector.failure;

import io.strata.client.Header;

import java.util.List;

/**
 * A record whose message was nacked, as it was read: its place and its bytes (key and value as
 * stored, before deserialization), so a dead-letter copy is exactly the original. Immutable.
 */
public record FailedRecord(String channel, String topic, int partition, long offset, byte[] key, byte[] value,
                           List<Header> headers) {

    public FailedRecord {
        headers = List.copyOf(headers);
    }
}
