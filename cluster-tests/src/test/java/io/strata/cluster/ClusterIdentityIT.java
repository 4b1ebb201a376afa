package io.strata.cluster;

import com.google.protobuf.ByteString;
import io.strata.api.v1.AppendRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.ListReplicasRequest;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.api.v1.ReplicaInfo;
import io.strata.api.v1.TopicDescription;
import io.strata.deploy.launcher.ServiceFailedException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, item 5: a partition node started against another cluster's metadata (a second, fresh
 * metadata service on its own database) refuses to start, saying which two clusters and which
 * directory, and changes no file of its data directory; started against its own cluster again it
 * serves every record it had.
 */
class ClusterIdentityIT extends ClusterTest {

    private static final String TOPIC = "orders";
    private TestCluster other;

    @AfterEach
    void stopOtherCluster() throws InterruptedException {
        if (other != null) {
            other.close();
        }
    }

    @Test
    void aNodePointedAtAnotherClustersMetadataRefusesToStartAndChangesNothing() throws IOException {
        cluster = new TestCluster(dataDir.resolve("a")).startCore();
        MetadataServiceGrpc.MetadataServiceBlockingStub metadata =
                MetadataServiceGrpc.newBlockingStub(cluster.channel("metadata-service"));
        String ours = metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getClusterId();
        TopicDescription topic = metadata.createTopic(CreateTopicRequest.newBuilder().setName(TOPIC).setPartitions(3)
                .setReplicationFactor(3).putConfigs("min.insync.replicas", "2").build()).getTopic();
        for (PartitionDescription partition : topic.getPartitionsList()) {
            PartitionServiceGrpc.PartitionServiceBlockingStub leader = PartitionServiceGrpc.newBlockingStub(
                    cluster.channel("partition-node-" + partition.getLeader())).withDeadlineAfter(2, TimeUnit.MINUTES);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> leader.append(append(partition.getPartition(), 0)).getBaseOffset() == 0);
            for (int batch = 1; batch < 10; batch++) {
                assertThat(leader.append(append(partition.getPartition(), batch)).getBaseOffset()).isEqualTo(batch * 10L);
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(replicasOfNode1())
                .hasSize(3).allSatisfy(replica -> assertThat(replica.getLogEndOffset()).isEqualTo(100)));
        cluster.process("partition-node-1").stop(Duration.ofSeconds(30));

        Path node1 = cluster.dataDir().resolve("node-1");
        assertThat(Files.readString(node1.resolve("meta.properties")))
                .contains("version=1\n", "cluster.id=" + ours + "\n", "node.id=1\n");
        Map<String, byte[]> before = files(node1);
        assertThat(before.keySet()).contains("orders-0/00000000000000000000.log", "orders-1/replica.properties");

        other = new TestCluster(dataDir.resolve("b")).start("postgres", "metadata-service");
        MetadataServiceGrpc.MetadataServiceBlockingStub otherMetadata =
                MetadataServiceGrpc.newBlockingStub(other.channel("metadata-service"));
        String theirs = otherMetadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getClusterId();
        assertThat(theirs).isNotEqualTo(ours);

        cluster.withProperty("partition-node-1", "strata.node.metadata-url", other.httpUrl("metadata-service"));
        assertThatThrownBy(() -> cluster.restart("partition-node-1"))
                .isInstanceOfSatisfying(ServiceFailedException.class, e -> assertThat(e.getMessage())
                        .contains("exited with exit code 78 before becoming healthy"));
        assertThat(cluster.logLines("partition-node-1", "ERROR")).anySatisfy(line -> assertThat(line)
                .contains("data directory " + node1 + " belongs to cluster " + ours,
                        "the metadata service at " + other.httpUrl("metadata-service") + " refused it",
                        "serves cluster " + theirs, "Nothing in the data directory was changed"));
        assertThat(files(node1)).containsOnlyKeys(before.keySet())
                .allSatisfy((file, bytes) -> assertThat(bytes).as(file).isEqualTo(before.get(file)));
        assertThat(otherMetadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getNodesList()).isEmpty();

        cluster.withProperty("partition-node-1", "strata.node.metadata-url", cluster.httpUrl("metadata-service"));
        cluster.restart("partition-node-1");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(replicasOfNode1())
                .hasSize(3).allSatisfy(replica -> assertThat(replica.getLogEndOffset()).isEqualTo(100)));
        assertThat(cluster.logLines("partition-node-1", "-stray")).isEmpty();
    }

    private List<ReplicaInfo> replicasOfNode1() {
        return PartitionServiceGrpc.newBlockingStub(cluster.channel("partition-node-1")).withDeadlineAfter(10, TimeUnit.SECONDS)
                .listReplicas(ListReplicasRequest.getDefaultInstance()).getReplicasList();
    }

    /** Every file under {@code dir} (relative path → bytes). */
    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) tree.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static AppendRequest append(int partition, int batch) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(4096), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < 10; i++) {
            builder.append(System.currentTimeMillis(), null, ("p" + partition + "-" + (batch * 10 + i))
                    .getBytes(StandardCharsets.UTF_8));
        }
        return AppendRequest.newBuilder().setTopic(TOPIC).setPartition(partition)
                .setAcks(io.strata.api.v1.Acks.ACKS_ALL).setRecords(ByteString.copyFrom(builder.build().buffer())).build();
    }
}
