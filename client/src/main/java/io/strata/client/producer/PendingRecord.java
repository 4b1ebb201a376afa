package io.strata.client.producer;

import org.apache.kafka.common.header.Header;

import java.util.concurrent.CompletableFuture;

/**
 * A record sent to a topic whose partition count is not known yet: it waits, its size counted
 * against buffer.memory ({@code reservedBytes}), until the metadata arrives and the sender thread
 * partitions it.
 */
record PendingRecord(ProducerRecord record, long timestamp, Header[] headers, int reservedBytes,
                     CompletableFuture<RecordMetadata> future, long sinceNanos) {
}
