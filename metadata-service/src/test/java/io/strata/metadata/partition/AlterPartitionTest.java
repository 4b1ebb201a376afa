package io.strata.metadata.partition;

import com.google.common.util.concurrent.ListenableFuture;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.error.GrpcErrors;
import io.strata.api.v1.AlterPartitionRequest;
import io.strata.api.v1.AlterPartitionResponse;
import io.strata.api.v1.ClaimControllerRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.ElectLeadersRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.LeaderElection;
import io.strata.api.v1.PartitionDescription;
import io.strata.metadata.LiveNodes;
import io.strata.metadata.MetadataServiceTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static io.strata.metadata.MetadataChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** Partition state changes: the AlterPartition compare-and-set, and controller-epoch fencing of ElectLeaders. */
@QuarkusTest
class AlterPartitionTest extends MetadataServiceTestBase {

    private PartitionDescription createPartition(String name) {
        return metadata.createTopic(CreateTopicRequest.newBuilder().setName(name).setPartitions(1)
                .setReplicationFactor(3).build()).getTopic().getPartitions(0);
    }

    private static AlterPartitionRequest shrinkTo(String topic, PartitionDescription partition, List<Integer> isr) {
        return AlterPartitionRequest.newBuilder().setTopic(topic).setPartition(0).setLeader(partition.getLeader())
                .setLeaderEpoch(partition.getLeaderEpoch()).setPartitionEpoch(partition.getPartitionEpoch())
                .addAllIsr(isr).build();
    }

    @Test
    void ofTwoConcurrentUpdatesWithTheSameEpochsOneWinsAndOneIsFenced() throws InterruptedException {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            for (int round = 0; round < 10; round++) {
                String topic = uniqueTopic("race");
                PartitionDescription partition = createPartition(topic);
                List<Integer> replicas = partition.getReplicasList();
                ListenableFuture<AlterPartitionResponse> first = channel.futures().alterPartition(
                        shrinkTo(topic, partition, List.of(replicas.get(0), replicas.get(1))));
                ListenableFuture<AlterPartitionResponse> second = channel.futures().alterPartition(
                        shrinkTo(topic, partition, List.of(replicas.get(0), replicas.get(2))));

                List<AlterPartitionResponse> won = new ArrayList<>();
                List<ErrorCode> fenced = new ArrayList<>();
                for (ListenableFuture<AlterPartitionResponse> future : List.of(first, second)) {
                    try {
                        won.add(future.get());
                    } catch (ExecutionException e) {
                        fenced.add(GrpcErrors.fromStatus(e.getCause()).code());
                    }
                }
                assertThat(won).hasSize(1);
                assertThat(fenced).containsExactly(ErrorCode.FENCED_LEADER_EPOCH);
                assertThat(won.get(0).getPartition().getPartitionEpoch()).isEqualTo(partition.getPartitionEpoch() + 1);
            }
        }
    }

    @Test
    void staleOrForeignUpdatesAreRefused() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String topic = uniqueTopic("cas");
            PartitionDescription partition = createPartition(topic);
            int leader = partition.getLeader();
            int follower = partition.getReplicas(1);
            PartitionDescription shrunk = metadata.alterPartition(shrinkTo(topic, partition, List.of(leader))).getPartition();
            assertThat(shrunk.getIsrList()).containsExactly(leader);

            assertRefused(() -> metadata.alterPartition(shrinkTo(topic, partition, List.of(leader, follower))),
                    ErrorCode.FENCED_LEADER_EPOCH, "partition_epoch: 0 is not " + topic + "-0's partition epoch 1");
            assertRefused(() -> metadata.alterPartition(shrinkTo(topic, shrunk, List.of(follower))),
                    ErrorCode.INVALID_REQUEST, "does not contain the leader");
            assertRefused(() -> metadata.alterPartition(shrinkTo(topic, shrunk, List.of(leader, 424242))),
                    ErrorCode.INVALID_REQUEST, "isr: node 424242 is not a replica");
            assertRefused(() -> metadata.alterPartition(shrinkTo(topic, shrunk, List.of(leader)).toBuilder()
                    .setLeader(follower).build()), ErrorCode.NOT_LEADER_OR_FOLLOWER, "leader: node " + follower);
            assertRefused(() -> metadata.alterPartition(shrinkTo(topic, shrunk, List.of(leader)).toBuilder()
                    .setPartition(7).build()), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "has no partition 7");
        }
    }

    @Test
    void electionsAreFencedByTheControllerEpoch() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String topic = uniqueTopic("elect");
            PartitionDescription partition = createPartition(topic);
            int oldLeader = partition.getLeader();
            int newLeader = partition.getReplicas(1);
            long epoch = metadata.describeCluster(DescribeClusterRequest.getDefaultInstance())
                    .getController().getControllerEpoch() + 10;
            int controllerA = nodes.ids().get(0);
            int controllerB = nodes.ids().get(1);

            metadata.claimController(ClaimControllerRequest.newBuilder().setNodeId(controllerA).setControllerEpoch(epoch).build());
            assertRefused(() -> metadata.claimController(ClaimControllerRequest.newBuilder().setNodeId(controllerB)
                    .setControllerEpoch(epoch).build()), ErrorCode.STALE_CONTROLLER_EPOCH, "is already held by node " + controllerA);

            ElectLeadersRequest election = ElectLeadersRequest.newBuilder().setNodeId(controllerA).setControllerEpoch(epoch)
                    .addElections(LeaderElection.newBuilder().setTopic(topic).setPartition(0).setLeader(newLeader)
                            .addIsr(newLeader).addIsr(oldLeader))
                    .build();
            PartitionDescription elected = metadata.electLeaders(election).getPartitions(0).getPartition();
            assertThat(elected.getLeader()).isEqualTo(newLeader);
            assertThat(elected.getLeaderEpoch()).isEqualTo(1);

            // B's raft term is newer: its election claims the controller and wins; A is now stale.
            metadata.electLeaders(election.toBuilder().setNodeId(controllerB).setControllerEpoch(epoch + 1)
                    .setElections(0, election.getElections(0).toBuilder().setLeader(oldLeader)).build());
            assertRefused(() -> metadata.electLeaders(election), ErrorCode.STALE_CONTROLLER_EPOCH,
                    "controller_epoch: " + epoch + " is older than the current controller epoch " + (epoch + 1));
            assertThat(metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getController().getNodeId())
                    .isEqualTo(controllerB);

            // The old leader's ISR change carries leader epoch 0: fenced.
            assertRefused(() -> metadata.alterPartition(shrinkTo(topic, partition, List.of(oldLeader))),
                    ErrorCode.FENCED_LEADER_EPOCH, "leader_epoch: 0 is older than");
        }
    }

    @Test
    void anElectionSentAgainIsAppliedOnceAndAStalePlanChangesNothing() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String topic = uniqueTopic("once");
            PartitionDescription partition = createPartition(topic);
            int oldLeader = partition.getLeader();
            int newLeader = partition.getReplicas(1);
            long epoch = metadata.describeCluster(DescribeClusterRequest.getDefaultInstance())
                    .getController().getControllerEpoch() + 10;
            ElectLeadersRequest election = ElectLeadersRequest.newBuilder().setNodeId(nodes.ids().get(0))
                    .setControllerEpoch(epoch)
                    .addElections(LeaderElection.newBuilder().setTopic(topic).setPartition(0).setLeader(newLeader)
                            .addIsr(newLeader).addIsr(oldLeader)
                            .setExpectedLeaderEpoch(partition.getLeaderEpoch())
                            .setExpectedPartitionEpoch(partition.getPartitionEpoch()))
                    .build();

            PartitionDescription elected = metadata.electLeaders(election).getPartitions(0).getPartition();
            assertThat(elected.getLeader()).isEqualTo(newLeader);
            assertThat(elected.getLeaderEpoch()).isEqualTo(partition.getLeaderEpoch() + 1);
            // The same call again (the controller's first timed out after the service applied it).
            PartitionDescription again = metadata.electLeaders(election).getPartitions(0).getPartition();
            assertThat(again.getLeaderEpoch()).as("not applied twice").isEqualTo(elected.getLeaderEpoch());
            assertThat(again.getPartitionEpoch()).isEqualTo(elected.getPartitionEpoch());

            // The new leader shrinks its ISR; an election planned before that must not give it back.
            PartitionDescription shrunk = metadata.alterPartition(AlterPartitionRequest.newBuilder().setTopic(topic)
                    .setPartition(0).setLeader(newLeader).setLeaderEpoch(elected.getLeaderEpoch())
                    .setPartitionEpoch(elected.getPartitionEpoch()).addIsr(newLeader).build()).getPartition();
            ElectLeadersRequest stale = election.toBuilder().setElections(0, election.getElections(0).toBuilder()
                    .setLeader(newLeader).clearIsr().addIsr(newLeader).addIsr(oldLeader)
                    .setExpectedLeaderEpoch(elected.getLeaderEpoch())
                    .setExpectedPartitionEpoch(elected.getPartitionEpoch())).build();
            PartitionDescription after = metadata.electLeaders(stale).getPartitions(0).getPartition();
            assertThat(after.getIsrList()).containsExactly(newLeader);
            assertThat(after.getLeaderEpoch()).isEqualTo(shrunk.getLeaderEpoch());
            assertThat(after.getPartitionEpoch()).isEqualTo(shrunk.getPartitionEpoch());
        }
    }
}
