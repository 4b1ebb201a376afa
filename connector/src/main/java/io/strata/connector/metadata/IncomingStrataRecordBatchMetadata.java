package io.strata.connector.metadata;

import java.util.List;

/**
 * The metadata of a batch message (incoming channel with {@code batch=true}): the metadata of
 * each record of the batch, in offset order; all of one partition. Immutable.
 */
public record IncomingStrataRecordBatchMetadata<K>(String topic, int partition, List<IncomingStrataRecordMetadata<K>> records) {

    public IncomingStrataRecordBatchMetadata {
        records = List.copyOf(records);
    }
}
