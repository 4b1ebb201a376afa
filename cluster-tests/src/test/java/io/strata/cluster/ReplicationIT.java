package io.strata.cluster;

import com.google.protobuf.ByteString;
import io.strata.api.v1.Acks;
import io.strata.api.v1.AppendRequest;
import io.strata.api.v1.AppendResponse;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.ListReplicasRequest;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.api.v1.ReplicaInfo;
import io.strata.api.v1.TopicDescription;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replication between three real partition nodes: a replication-factor-3 topic written with
 * acks=all ends with byte-identical segment files on every replica, at the same offsets.
 */
class ReplicationIT extends ClusterTest {

    @Test
    void acksAllWritesLeaveByteIdenticalReplicas() throws IOException {
        cluster = new TestCluster(dataDir).startCore();
        MetadataServiceGrpc.MetadataServiceBlockingStub metadata =
                MetadataServiceGrpc.newBlockingStub(cluster.channel("metadata-service"));
        metadata.createTopic(CreateTopicRequest.newBuilder().setName("payments").setPartitions(3).setReplicationFactor(3)
                .putConfigs("min.insync.replicas", "2").putConfigs("segment.bytes", "65536").build());
        TopicDescription topic = metadata.describeTopics(DescribeTopicsRequest.newBuilder().addNames("payments").build())
                .getTopics(0);

        for (PartitionDescription partition : topic.getPartitionsList()) {
            PartitionServiceGrpc.PartitionServiceBlockingStub leader = PartitionServiceGrpc.newBlockingStub(
                    cluster.channel("partition-node-" + partition.getLeader())).withDeadlineAfter(2, TimeUnit.MINUTES);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> leader.append(append(partition.getPartition(), 0)).getBaseOffset() == 0);
            for (int batch = 1; batch < 100; batch++) {
                AppendResponse response = leader.append(append(partition.getPartition(), batch));
                assertThat(response.getBaseOffset()).isEqualTo(batch * 10L);
            }
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int node = 1; node <= 3; node++) {
                List<ReplicaInfo> replicas = PartitionServiceGrpc.newBlockingStub(cluster.channel("partition-node-" + node))
                        .listReplicas(ListReplicasRequest.getDefaultInstance()).getReplicasList();
                assertThat(replicas).hasSize(3).allSatisfy(replica -> {
                    assertThat(replica.getLogEndOffset()).isEqualTo(1000);
                    assertThat(replica.getHighWatermark()).isEqualTo(1000);
                });
            }
        });
        for (int partition = 0; partition < 3; partition++) {
            List<byte[]> first = segmentFiles(1, partition);
            assertThat(first).hasSizeGreaterThan(1);
            for (int node = 2; node <= 3; node++) {
                assertThat(segmentFiles(node, partition)).as("node %d, partition %d", node, partition)
                        .containsExactlyElementsOf(first);
            }
        }
    }

    private static AppendRequest append(int partition, int batch) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(4096), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < 10; i++) {
            builder.append(System.currentTimeMillis(), null, ("p" + partition + "-r" + (batch * 10 + i) + "-" + "x".repeat(100))
                    .getBytes(StandardCharsets.UTF_8));
        }
        return AppendRequest.newBuilder().setTopic("payments").setPartition(partition).setAcks(Acks.ACKS_ALL)
                .setRecords(ByteString.copyFrom(builder.build().buffer())).build();
    }

    /** The contents of every segment file of a replica, in offset order. */
    private List<byte[]> segmentFiles(int node, int partition) throws IOException {
        Path dir = cluster.dataDir().resolve("node-" + node).resolve("payments-" + partition);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(path -> path.toString().endsWith(".log")).sorted().map(path -> {
                try {
                    return Files.readAllBytes(path);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
