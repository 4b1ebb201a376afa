package io.strata.cluster;

import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real metadata service (on the embedded PostgreSQL process) and three real partition nodes: a
 * topic created in the metadata service makes each node create the replica directories placed on
 * it, a config change reaches them, and deleting the topic removes the directories.
 */
class MetadataFollowingIT extends ClusterTest {

    @Test
    void nodesCreateAndDeleteReplicaDirectoriesAsTheMetadataSays() throws IOException {
        cluster = new TestCluster(dataDir).startCore();
        MetadataServiceGrpc.MetadataServiceBlockingStub metadata =
                MetadataServiceGrpc.newBlockingStub(cluster.channel("metadata-service"));

        TopicDescription topic = metadata.createTopic(CreateTopicRequest.newBuilder().setName("orders")
                .setPartitions(6).setReplicationFactor(2).putConfigs("retention.ms", "3600000").build()).getTopic();

        for (int node = 1; node <= 3; node++) {
            Set<String> expected = placedOn(topic, node);
            int id = node;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(replicaDirs(id)).isEqualTo(expected));
        }
        assertThat(replicaDirs(1).size() + replicaDirs(2).size() + replicaDirs(3).size()).isEqualTo(12);
        Path someReplica = nodeDir(topic.getPartitions(0).getReplicas(0)).resolve("orders-0");
        assertThat(Files.readString(someReplica.resolve("replica.properties"))).contains("retention.ms=3600000");

        metadata.alterConfigs(AlterConfigsRequest.newBuilder().setTopic("orders").putSet("retention.ms", "60000").build());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Files.readString(someReplica.resolve("replica.properties"))).contains("retention.ms=60000"));

        metadata.deleteTopic(DeleteTopicRequest.newBuilder().setName("orders").build());
        for (int node = 1; node <= 3; node++) {
            int id = node;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(replicaDirs(id)).isEmpty());
        }
    }

    private static Set<String> placedOn(TopicDescription topic, int node) {
        Set<String> dirs = new HashSet<>();
        for (PartitionDescription partition : topic.getPartitionsList()) {
            if (partition.getReplicasList().contains(node)) {
                dirs.add(topic.getName() + "-" + partition.getPartition());
            }
        }
        return dirs;
    }

    private Path nodeDir(int node) {
        return cluster.dataDir().resolve("node-" + node);
    }

    private Set<String> replicaDirs(int node) throws IOException {
        Set<String> dirs = new HashSet<>();
        try (Stream<Path> entries = Files.list(nodeDir(node))) {
            // "raft" holds the controller election's raft log (strata.node.raft.log-dir), not a replica
            entries.filter(Files::isDirectory).filter(dir -> !dir.getFileName().toString().equals("raft"))
                    .forEach(dir -> dirs.add(dir.getFileName().toString()));
        }
        return dirs;
    }
}
