package io.strata.cluster;

import com.google.protobuf.ByteString;
import io.strata.api.v1.Acks;
import io.strata.api.v1.AppendRequest;
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
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * A producer for tests, as a client with retries behaves: it writes one record at a time to the
 * partition's leader as the metadata names it, and on any failure looks the leader up again and
 * retries the same record until it is acknowledged. It keeps what was acknowledged (offset →
 * value) so that a test can check nothing acknowledged was lost. A retried record may be written
 * twice (no idempotence here): tests check the acknowledged offsets, not uniqueness.
 */
final class RetryingWriter implements Runnable {

    private final TestCluster cluster;
    private final MetadataServiceGrpc.MetadataServiceBlockingStub metadata;
    private final String topic;
    private final Acks acks;
    private final Map<Long, String> acknowledged = new ConcurrentSkipListMap<>();
    private final Map<Integer, Long> ackNanos = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile int next;

    RetryingWriter(TestCluster cluster, String topic, Acks acks) {
        this.cluster = cluster;
        this.metadata = MetadataServiceGrpc.newBlockingStub(cluster.channel("metadata-service"));
        this.topic = topic;
        this.acks = acks;
    }

    /** Acknowledged records by offset. */
    Map<Long, String> acknowledged() {
        return acknowledged;
    }

    /** The number of the record being written now (records are written one at a time, in order). */
    int next() {
        return next;
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
            String value = "r" + next;
            try {
                PartitionDescription partition = metadata.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .describeTopics(DescribeTopicsRequest.newBuilder().addNames(topic).build()).getTopics(0).getPartitions(0);
                if (partition.getLeader() < 0) {
                    continue;
                }
                long offset = PartitionServiceGrpc.newBlockingStub(cluster.channel("partition-node-" + partition.getLeader()))
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .append(AppendRequest.newBuilder().setTopic(topic).setPartition(0).setAcks(acks).setTimeoutMs(5_000)
                                .setRecords(record(value)).build())
                        .getBaseOffset();
                acknowledged.put(offset, value);
                ackNanos.put(next, System.nanoTime());
                next++;
            } catch (RuntimeException retry) {
                // leader gone, changing or fenced: look it up again and retry the same record
            }
        }
    }

    static ByteString record(String value) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(256), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, 0L);
        builder.append(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8));
        return ByteString.copyFrom(builder.build().buffer());
    }
}
