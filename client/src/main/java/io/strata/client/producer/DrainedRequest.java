package io.strata.client.producer;

import java.util.ArrayList;
import java.util.List;

/** What one ProduceRequest carries: partitions of one topic, together at most max.request.size bytes (or one batch). */
final class DrainedRequest {

    final String topic;
    final List<DrainedPartition> partitions = new ArrayList<>();
    int bytes;

    DrainedRequest(String topic) {
        this.topic = topic;
    }

    void add(DrainedPartition partition, int partitionBytes) {
        partitions.add(partition);
        bytes += partitionBytes;
    }

    boolean isEmpty() {
        return partitions.isEmpty();
    }
}
