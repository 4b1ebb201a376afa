package io.strata.client.producer;

import java.util.List;

/** The sealed batches of one partition taken for one request: sent back to back as one entry. */
record DrainedPartition(PartitionQueue queue, List<ProducerBatch> batches) {

    int recordCount() {
        int count = 0;
        for (ProducerBatch batch : batches) {
            count += batch.recordCount();
        }
        return count;
    }
}
