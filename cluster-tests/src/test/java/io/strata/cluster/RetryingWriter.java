package io.strata.cluster;

import com.google.protobuf.ByteString;
import io.strata.api.v1.Acks;
import io.strata.api.v1.AllocateProducerIdsRequest;
import io.strata.api.v1.AppendRequest;
import io.strata.api.v1.AppendResponse;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionServiceGrpc;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A producer for tests, as an idempotent client with retries behaves: it writes one record at a
 * time to the partition's leader as the metadata names it, each record a batch of its own with
 * the writer's producer id and the record's number as its sequence, and on any failure looks the
 * leader up again and retries the same record (same bytes) until it is acknowledged. A retry of a
 * record the leader already has is therefore answered with its first offset, never written again:
 * a record stored twice is a bug of the cluster, not of the test.
 *
 * <p>It keeps what was acknowledged by the record's unique value (value → offset) and reports as
 * {@link #anomalies()} what no correct cluster answers: one value acknowledged at two offsets, or
 * two values acknowledged at one offset (an offset given out twice, so one of them is lost).
 *
 * <p>Thread-safety: {@link #run()} on one thread; the accessors from any thread.
 */
final class RetryingWriter implements Runnable {

    private final TestCluster cluster;
    private final MetadataServiceGrpc.MetadataServiceBlockingStub metadata;
    private final String topic;
    private final Acks acks;
    private final Map<String, Long> offsetOfValue = new ConcurrentHashMap<>();
    private final Map<Long, String> valueAtOffset = new ConcurrentHashMap<>();
    private final List<String> anomalies = new CopyOnWriteArrayList<>();
    private final Map<Integer, Long> ackNanos = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile int next;
    private long producerId = -1;

    RetryingWriter(TestCluster cluster, String topic, Acks acks) {
        this.cluster = cluster;
        this.metadata = MetadataServiceGrpc.newBlockingStub(cluster.channel("metadata-service"));
        this.topic = topic;
        this.acks = acks;
    }

    /** Acknowledged records: value → the offset the acknowledgement named. */
    Map<String, Long> acknowledged() {
        return offsetOfValue;
    }

    /** Acknowledgements no correct cluster gives (one value at two offsets, two values at one offset). */
    List<String> anomalies() {
        return anomalies;
    }

    /** The number of the record being written now (records are written one at a time, in order). */
    int next() {
        return next;
    }

    /** The value of record number {@code index}. */
    static String value(int index) {
        return "r" + index;
    }

    /** When record number {@code index} was acknowledged ({@link System#nanoTime()}), or null if not yet. */
    Long ackNanos(int index) {
        return ackNanos.get(index);
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            String value = value(next);
            try {
                if (producerId < 0) {
                    producerId = metadata.withDeadlineAfter(5, TimeUnit.SECONDS)
                            .allocateProducerIds(AllocateProducerIdsRequest.newBuilder().setCount(1).build()).getFirstProducerId();
                }
                PartitionDescription partition = metadata.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .describeTopics(DescribeTopicsRequest.newBuilder().addNames(topic).build()).getTopics(0).getPartitions(0);
                if (partition.getLeader() < 0) {
                    continue;
                }
                AppendResponse response = PartitionServiceGrpc.newBlockingStub(cluster.channel("partition-node-" + partition.getLeader()))
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .append(AppendRequest.newBuilder().setTopic(topic).setPartition(0).setAcks(acks).setTimeoutMs(5_000)
                                .setRecords(idempotentRecord(value, producerId, next)).build());
                acknowledge(value, response.getBaseOffset());
                ackNanos.put(next, System.nanoTime());
                next++;
            } catch (RuntimeException retry) {
                // leader gone, changing or fenced: look it up again and retry the same record
            }
        }
    }

    private void acknowledge(String value, long offset) {
        Long earlier = offsetOfValue.putIfAbsent(value, offset);
        if (earlier != null) {
            anomalies.add(value + " acknowledged at offset " + earlier + " and again at " + offset);
        }
        String other = valueAtOffset.putIfAbsent(offset, value);
        if (other != null) {
            anomalies.add("offset " + offset + " acknowledged for " + other + " and for " + value);
        }
    }

    /** One record in a batch without a producer (a plain, non-idempotent append). */
    static ByteString record(String value) {
        return idempotentRecord(value, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_SEQUENCE);
    }

    /** One record in a batch of producer {@code producerId} (epoch 0) at {@code sequence}; the same bytes on every retry but the timestamp. */
    static ByteString idempotentRecord(String value, long producerId, int sequence) {
        short epoch = producerId == RecordBatch.NO_PRODUCER_ID ? RecordBatch.NO_PRODUCER_EPOCH : 0;
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(256), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, 0L, System.currentTimeMillis(), producerId, epoch, sequence);
        builder.append(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8));
        return ByteString.copyFrom(builder.build().buffer());
    }
}
