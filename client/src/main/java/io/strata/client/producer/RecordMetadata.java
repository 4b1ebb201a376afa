package io.strata.client.producer;

/**
 * Where an acknowledged record was written. {@code offset} is −1 with acks=0 (nobody waited for
 * the leader) and for a retried batch the leader recognised as already written but could no longer
 * place; {@code timestamp} is the record's create time.
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp) {
}
