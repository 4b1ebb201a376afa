package io.strata.gateway.fetch;

import org.apache.kafka.common.header.Header;

import java.util.List;

/** One record read back from a partition, decoded from its batch. Key and value are null when null. */
public record FetchedRecord(long offset, long timestamp, byte[] key, byte[] value, List<Header> headers) {
}
