package io.strata.client.consumer;

import io.strata.client.Header;

import java.util.List;

/** A record read from a partition, at its offset; key and value null where the producer sent null. */
public record ConsumerRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                             List<Header> headers) {
}
