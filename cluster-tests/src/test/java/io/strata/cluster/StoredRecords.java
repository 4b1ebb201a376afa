package io.strata.cluster;

import io.grpc.Channel;
import io.strata.api.v1.FetchRequest;
import io.strata.api.v1.FetchResponse;
import io.strata.api.v1.PartitionServiceGrpc;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** What a partition's leader stores, read straight from its node (no gateway), for the fault tests' checks. */
final class StoredRecords {

    private StoredRecords() {
    }

    /** Every record of {@code topic}-{@code partition} that {@code node} (its leader) serves, value by offset. */
    static Map<Long, String> read(Channel node, String topic, int partition) {
        Map<Long, String> records = new TreeMap<>();
        PartitionServiceGrpc.PartitionServiceBlockingStub stub = PartitionServiceGrpc.newBlockingStub(node);
        long offset = 0;
        while (true) {
            FetchResponse response = stub.withDeadlineAfter(30, TimeUnit.SECONDS).fetch(FetchRequest.newBuilder()
                    .setTopic(topic).setPartition(partition).setOffset(offset).setMaxBytes(1 << 20).build());
            if (response.getRecords().isEmpty()) {
                return records;
            }
            for (var batch : MemoryRecords.readableRecords(response.getRecords().asReadOnlyByteBuffer()).batches()) {
                for (Record record : batch) {
                    records.put(record.offset(), StandardCharsets.UTF_8.decode(record.value()).toString());
                }
                offset = batch.nextOffset();
            }
        }
    }
}
