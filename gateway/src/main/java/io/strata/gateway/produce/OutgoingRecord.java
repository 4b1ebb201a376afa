package io.strata.gateway.produce;

import org.apache.kafka.common.header.Header;

import java.util.List;

/**
 * One record as a client asked for it, before it is put into a batch.
 *
 * @param partition   the partition asked for, or null to let the {@link Partitioner} choose
 * @param key         null for a null key
 * @param value       null for a null value (a tombstone)
 * @param headers     in order
 * @param timestampMs create time; 0 means "now" when the batch is built
 */
public record OutgoingRecord(Integer partition, byte[] key, byte[] value, List<Header> headers, long timestampMs) {

    public OutgoingRecord {
        headers = List.copyOf(headers);
    }

    /** Bytes of key and value: what limits on record size look at. */
    public int payloadBytes() {
        return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    }
}
