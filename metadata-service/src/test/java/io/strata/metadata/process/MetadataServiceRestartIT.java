package io.strata.metadata.process;

import io.strata.api.v1.AlterPartitionRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.DescribeClusterResponse;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.DescribeTopicsResponse;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.RegisterNodeRequest;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.metadata.MetadataChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata service as a real process with its embedded PostgreSQL: after a clean restart and
 * after a SIGKILL (which orphans its PostgreSQL), a new process on the same data directory finds
 * every topic, partition and node again, and the same cluster id (made once, with the database).
 */
class MetadataServiceRestartIT {

    @TempDir
    Path workDir;

    private Map<String, String> properties() {
        return Map.of("strata.metadata.data-dir", workDir.resolve("metadata").toString(),
                "strata.metadata.lease", "120s");
    }

    private record State(DescribeClusterResponse cluster, DescribeTopicsResponse topics) {
    }

    private static State read(MetadataServiceGrpc.MetadataServiceBlockingStub metadata) {
        return new State(metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()),
                metadata.describeTopics(DescribeTopicsRequest.getDefaultInstance()));
    }

    @Test
    void topicsPartitionsAndNodesSurviveARestartAndACrash() throws Exception {
        State before;
        try (ServiceProcess first = MetadataServiceProcess.start("first", workDir, properties());
             MetadataChannel channel = MetadataServiceProcess.channelTo(first)) {
            MetadataServiceGrpc.MetadataServiceBlockingStub metadata = channel.blocking();
            for (int id = 1; id <= 3; id++) {
                metadata.registerNode(RegisterNodeRequest.newBuilder().setNodeId(id).setAddress("127.0.0.1:910" + id)
                        .setRack("rack-" + id).build());
            }
            PartitionDescription p0 = metadata.createTopic(CreateTopicRequest.newBuilder().setName("orders")
                    .setPartitions(12).setReplicationFactor(3).putConfigs("retention.ms", "3600000").build())
                    .getTopic().getPartitions(0);
            metadata.createTopic(CreateTopicRequest.newBuilder().setName("audit").setPartitions(2).setReplicationFactor(2).build());
            metadata.alterPartition(AlterPartitionRequest.newBuilder().setTopic("orders").setPartition(0)
                    .setLeader(p0.getLeader()).setLeaderEpoch(0).setPartitionEpoch(0).addIsr(p0.getLeader()).build());
            before = read(metadata);
            MetadataServiceProcess.stopCleanly(first);
        }
        assertThat(before.topics().getTopicsCount()).isEqualTo(2);
        assertThat(before.cluster().getNodesCount()).isEqualTo(3);
        assertThat(before.cluster().getClusterId()).matches("[A-Za-z0-9_-]{22}");
        assertThat(Files.exists(workDir.resolve("metadata/postgres/PG_VERSION"))).isTrue();

        try (ServiceProcess second = MetadataServiceProcess.start("second", workDir, properties());
             MetadataChannel channel = MetadataServiceProcess.channelTo(second)) {
            assertThat(read(channel.blocking())).isEqualTo(before);
            second.kill();
        }

        try (ServiceProcess third = MetadataServiceProcess.start("third", workDir, properties());
             MetadataChannel channel = MetadataServiceProcess.channelTo(third)) {
            MetadataServiceGrpc.MetadataServiceBlockingStub metadata = channel.blocking();
            assertThat(Files.readString(third.logFile())).contains("stopping orphaned PostgreSQL");
            assertThat(read(metadata)).isEqualTo(before);
            long version = metadata.createTopic(CreateTopicRequest.newBuilder().setName("after-crash").setPartitions(1)
                    .setReplicationFactor(1).build()).getMetadataVersion();
            assertThat(version).isEqualTo(before.cluster().getMetadataVersion() + 1);
            MetadataServiceProcess.stopCleanly(third);
        }
    }
}
