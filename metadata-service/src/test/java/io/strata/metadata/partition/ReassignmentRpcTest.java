package io.strata.metadata.partition;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.AlterPartitionRequest;
import io.strata.api.v1.AlterPartitionReassignmentsRequest;
import io.strata.api.v1.AlterPartitionReassignmentsResponse;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.ListPartitionReassignmentsRequest;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionReassignment;
import io.strata.api.v1.TopicPartitionRef;
import io.strata.metadata.LiveNodes;
import io.strata.metadata.MetadataServiceTestBase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AlterPartitionReassignments and ListPartitionReassignments against a real PostgreSQL: the move
 * is stored with the partition (V9), listed while it runs, and completed by the leader's
 * AlterPartition that brings the last target replica into the ISR — the removed leader replaced
 * in the same step. Refusals come back per partition.
 */
@QuarkusTest
class ReassignmentRpcTest extends MetadataServiceTestBase {

    private PartitionDescription partition(String topic) {
        return metadata.describeTopics(DescribeTopicsRequest.newBuilder().addNames(topic).build()).getTopics(0).getPartitions(0);
    }

    private AlterPartitionReassignmentsResponse move(String topic, List<Integer> target, boolean cancel) {
        return metadata.alterPartitionReassignments(AlterPartitionReassignmentsRequest.newBuilder().addReassignments(
                PartitionReassignment.newBuilder().setTopic(topic).setPartition(0).addAllTargetReplicas(target)
                        .setCancel(cancel)).build());
    }

    @Test
    void aMoveIsStoredListedAndCompletedWhenTheTargetIsInSync() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 4)) {
            String topic = uniqueTopic("move");
            PartitionDescription before = metadata.createTopic(CreateTopicRequest.newBuilder().setName(topic)
                    .setPartitions(1).setReplicationFactor(2).build()).getTopic().getPartitions(0);
            int leader = before.getLeader();
            int follower = before.getReplicasList().stream().filter(n -> n != leader).findFirst().orElseThrow();
            int newcomer = nodes.ids().stream().filter(n -> !before.getReplicasList().contains(n)).findFirst().orElseThrow();

            assertThat(move(topic, List.of(follower, newcomer), false).getResults(0).getErrorCode())
                    .isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
            PartitionDescription moving = partition(topic);
            assertThat(moving.getReplicasList()).containsExactly(follower, newcomer, leader);
            assertThat(moving.getAddingReplicasList()).containsExactly(newcomer);
            assertThat(moving.getRemovingReplicasList()).containsExactly(leader);
            assertThat(moving.getLeader()).isEqualTo(leader);
            assertThat(metadata.listPartitionReassignments(ListPartitionReassignmentsRequest.newBuilder().addPartitions(
                    TopicPartitionRef.newBuilder().setTopic(topic).setPartition(0)).build()).getReassignmentsList())
                    .singleElement().satisfies(ongoing -> assertThat(ongoing.getAddingReplicasList()).containsExactly(newcomer));

            PartitionDescription done = metadata.alterPartition(AlterPartitionRequest.newBuilder().setTopic(topic)
                    .setPartition(0).setLeader(leader).setLeaderEpoch(moving.getLeaderEpoch())
                    .setPartitionEpoch(moving.getPartitionEpoch()).addAllIsr(List.of(leader, follower, newcomer)).build())
                    .getPartition();
            assertThat(done.getReplicasList()).containsExactly(follower, newcomer);
            assertThat(done.getIsrList()).containsExactlyInAnyOrder(follower, newcomer);
            assertThat(done.getLeader()).isEqualTo(follower);
            assertThat(done.getLeaderEpoch()).isGreaterThan(moving.getLeaderEpoch());
            assertThat(done.getAddingReplicasCount() + done.getRemovingReplicasCount()).isZero();
            assertThat(partition(topic)).isEqualTo(done);
        }
    }

    @Test
    void refusalsComeBackPerPartitionByName() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String topic = uniqueTopic("refused");
            metadata.createTopic(CreateTopicRequest.newBuilder().setName(topic).setPartitions(1).setReplicationFactor(1).build());
            AlterPartitionReassignmentsResponse response = metadata.alterPartitionReassignments(
                    AlterPartitionReassignmentsRequest.newBuilder()
                            .addReassignments(PartitionReassignment.newBuilder().setTopic(topic).setPartition(0).setCancel(true))
                            .addReassignments(PartitionReassignment.newBuilder().setTopic("no-such-" + topic).setPartition(0)
                                    .addTargetReplicas(nodes.ids().get(0)))
                            .build());
            assertThat(response.getResultsList()).extracting(r -> r.getErrorCode()).containsExactly(
                    ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(move(topic, List.of(-7), false).getResults(0).getErrorMessage())
                    .contains("node -7 of [-7] for partition " + topic + "-0 is not a node of this cluster");
        }
    }

    @Test
    void theStoredReplicationFactorFollowsOnceEveryPartitionHasSettledOnANewOne() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String topic = uniqueTopic("rf");
            metadata.createTopic(CreateTopicRequest.newBuilder().setName(topic).setPartitions(2).setReplicationFactor(1).build());

            growToTwo(topic, 0, nodes.ids());
            assertThat(replicationFactor(topic)).as("one partition of two has two replicas").isEqualTo(1);
            growToTwo(topic, 1, nodes.ids());
            assertThat(replicationFactor(topic)).as("both have two").isEqualTo(2);

            // Back to one replica each: a target inside the ISR completes at once.
            AlterPartitionReassignmentsRequest.Builder shrink = AlterPartitionReassignmentsRequest.newBuilder();
            for (int p = 0; p < 2; p++) {
                shrink.addReassignments(PartitionReassignment.newBuilder().setTopic(topic).setPartition(p)
                        .addTargetReplicas(partition(topic, p).getLeader()));
            }
            AlterPartitionReassignmentsResponse shrunk = metadata.alterPartitionReassignments(shrink.build());
            assertThat(shrunk.getResultsList()).allSatisfy(r -> assertThat(r.getErrorCode()).isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED));
            assertThat(replicationFactor(topic)).isEqualTo(1);
        }
    }

    /** Moves a partition of one replica to two (its replica and another node) and lets the added one catch up. */
    /**
     * A request naming 10,000 partitions (the most allowed) is answered, each partition alone, and
     * leaves no transaction behind: the next metadata write goes through. Each partition was one
     * more chained stage of one Uni, and such a request never completed while holding the lock.
     */
    @Test
    void aRequestOfTenThousandPartitionsIsAnsweredAndReleasesTheLock() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String topic = uniqueTopic("moves-many");
            metadata.createTopic(CreateTopicRequest.newBuilder().setName(topic).setPartitions(10_000).setReplicationFactor(1).build());
            AlterPartitionReassignmentsRequest.Builder cancels = AlterPartitionReassignmentsRequest.newBuilder();
            for (int p = 0; p < 10_000; p++) {
                cancels.addReassignments(PartitionReassignment.newBuilder().setTopic(topic).setPartition(p).setCancel(true));
            }
            AlterPartitionReassignmentsResponse answer = metadata.withDeadlineAfter(120, java.util.concurrent.TimeUnit.SECONDS)
                    .alterPartitionReassignments(cancels.build());
            assertThat(answer.getResultsList()).hasSize(10_000)
                    .allMatch(result -> result.getErrorCode() == ErrorCode.NO_REASSIGNMENT_IN_PROGRESS);
            assertThat(answer.getResults(9_999).getErrorMessage()).contains(topic + "-9999");
            String next = uniqueTopic("after-moves");
            assertThat(metadata.withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS).createTopic(CreateTopicRequest.newBuilder()
                    .setName(next).setPartitions(1).setReplicationFactor(1).build()).getTopic().getName()).isEqualTo(next);
        }
    }

    private void growToTwo(String topic, int index, List<Integer> nodeIds) {
        PartitionDescription before = partition(topic, index);
        int leader = before.getLeader();
        int added = nodeIds.stream().filter(n -> n != leader).findFirst().orElseThrow();
        metadata.alterPartitionReassignments(AlterPartitionReassignmentsRequest.newBuilder().addReassignments(
                PartitionReassignment.newBuilder().setTopic(topic).setPartition(index).addTargetReplicas(leader)
                        .addTargetReplicas(added)).build());
        PartitionDescription moving = partition(topic, index);
        metadata.alterPartition(AlterPartitionRequest.newBuilder().setTopic(topic).setPartition(index).setLeader(leader)
                .setLeaderEpoch(moving.getLeaderEpoch()).setPartitionEpoch(moving.getPartitionEpoch())
                .addAllIsr(List.of(leader, added)).build());
        assertThat(partition(topic, index).getReplicasList()).containsExactly(leader, added);
    }

    private PartitionDescription partition(String topic, int index) {
        return metadata.describeTopics(DescribeTopicsRequest.newBuilder().addNames(topic).build()).getTopics(0).getPartitions(index);
    }

    private int replicationFactor(String topic) {
        return metadata.describeTopics(DescribeTopicsRequest.newBuilder().addNames(topic).build()).getTopics(0).getReplicationFactor();
    }
}
