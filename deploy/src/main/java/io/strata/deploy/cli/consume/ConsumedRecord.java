package io.strata.deploy.cli.consume;

import java.util.List;

/**
 * One record as {@code consume} received it: raw key and value bytes (null when absent) and headers
 * with raw values. Immutable (the arrays are not copied: nobody writes them after decoding).
 */
public record ConsumedRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                             List<Header> headers) {

    public ConsumedRecord {
        headers = List.copyOf(headers);
    }

    /** One header; its value may be null. */
    public record Header(String key, byte[] value) {
    }
}
