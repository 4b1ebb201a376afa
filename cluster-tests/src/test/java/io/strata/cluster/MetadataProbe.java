package io.strata.cluster;

import io.grpc.ManagedChannel;
import io.strata.api.v1.ControllerDescription;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** What the election tests read from (and, standing in for a partition leader, write to) the metadata service. */
final class MetadataProbe {

    private final MetadataServiceGrpc.MetadataServiceBlockingStub stub;

    MetadataProbe(ManagedChannel channel) {
        this.stub = MetadataServiceGrpc.newBlockingStub(channel);
    }

    private MetadataServiceGrpc.MetadataServiceBlockingStub call() {
        return stub.withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    ControllerDescription controller() {
        return call().describeCluster(DescribeClusterRequest.getDefaultInstance()).getController();
    }

    TopicDescription createTopic(String name, int partitions, int replicationFactor) {
        return createTopic(name, partitions, replicationFactor, Map.of());
    }

    TopicDescription createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        return call().createTopic(CreateTopicRequest.newBuilder().setName(name).setPartitions(partitions)
                .setReplicationFactor(replicationFactor).putAllConfigs(configs).build()).getTopic();
    }

    /** The partitions of {@code topic} by index. */
    /** The topic's stored replication factor. */
    int replicationFactor(String topic) {
        return call().describeTopics(DescribeTopicsRequest.newBuilder().addNames(topic).build()).getTopics(0).getReplicationFactor();
    }

    Map<Integer, PartitionDescription> partitions(String topic) {
        Map<Integer, PartitionDescription> partitions = new TreeMap<>();
        for (PartitionDescription partition : call().describeTopics(DescribeTopicsRequest.newBuilder().addNames(topic)
                .build()).getTopics(0).getPartitionsList()) {
            partitions.put(partition.getPartition(), partition);
        }
        return partitions;
    }

    /** The partitions of {@code topic} that {@code node} leads. */
    List<Integer> ledBy(String topic, int node) {
        List<Integer> led = new ArrayList<>();
        partitions(topic).forEach((index, partition) -> {
            if (partition.getLeader() == node) {
                led.add(index);
            }
        });
        return led;
    }
}
