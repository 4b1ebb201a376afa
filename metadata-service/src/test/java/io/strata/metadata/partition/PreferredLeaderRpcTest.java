package io.strata.metadata.partition;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.AlterPartitionReassignmentsRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.ElectPreferredLeadersRequest;
import io.strata.api.v1.ElectPreferredLeadersResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionReassignment;
import io.strata.api.v1.TopicPartitionRef;
import io.strata.metadata.LiveNodes;
import io.strata.metadata.MetadataServiceTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ElectPreferredLeaders against a real PostgreSQL: a reorder of the replicas (which keeps the
 * leader) is followed by an election that makes the new first replica lead (leader epoch + 1,
 * ISR unchanged); asking again answers ELECTION_NOT_NEEDED; an unknown partition is named; the
 * all-partitions form leaves out those that needed nothing.
 */
@QuarkusTest
class PreferredLeaderRpcTest extends MetadataServiceTestBase {

    private PartitionDescription partition(String topic) {
        return metadata.describeTopics(DescribeTopicsRequest.newBuilder().addNames(topic).build()).getTopics(0).getPartitions(0);
    }

    private ElectPreferredLeadersResponse elect(String topic) {
        return metadata.electPreferredLeaders(ElectPreferredLeadersRequest.newBuilder()
                .addPartitions(TopicPartitionRef.newBuilder().setTopic(topic).setPartition(0)).build());
    }

    @Test
    void thePreferredReplicaLeadsAfterAReorderAndASecondElectionIsNotNeeded() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String topic = uniqueTopic("preferred");
            PartitionDescription before = metadata.createTopic(CreateTopicRequest.newBuilder().setName(topic)
                    .setPartitions(1).setReplicationFactor(2).build()).getTopic().getPartitions(0);
            List<Integer> reordered = new ArrayList<>(before.getReplicasList());
            java.util.Collections.reverse(reordered);
            metadata.alterPartitionReassignments(AlterPartitionReassignmentsRequest.newBuilder().addReassignments(
                    PartitionReassignment.newBuilder().setTopic(topic).setPartition(0).addAllTargetReplicas(reordered)).build());
            PartitionDescription reorderedState = partition(topic);
            assertThat(reorderedState.getLeader()).as("a reorder keeps the leader").isEqualTo(before.getLeader());

            assertThat(elect(topic).getResults(0).getErrorCode()).isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
            PartitionDescription after = partition(topic);
            assertThat(after.getLeader()).isEqualTo(reordered.get(0));
            assertThat(after.getLeaderEpoch()).isEqualTo(reorderedState.getLeaderEpoch() + 1);
            assertThat(after.getIsrList()).containsExactlyInAnyOrderElementsOf(reorderedState.getIsrList());

            assertThat(elect(topic).getResults(0).getErrorCode()).isEqualTo(ErrorCode.ELECTION_NOT_NEEDED);
            assertThat(metadata.electPreferredLeaders(ElectPreferredLeadersRequest.getDefaultInstance()).getResultsList())
                    .as("all partitions: those already led by their preferred replica are left out")
                    .noneMatch(r -> r.getTopic().equals(topic));
            assertThat(elect("no-such-" + topic).getResults(0).getErrorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
    }

    /**
     * The all-partitions form over 10,000 partitions (Kafka's --all-topic-partitions): it answers,
     * and the transaction it held is over (the next topic is created). Each partition's election
     * was one more nested stage of a single Uni, so a large cluster's deep chain could fail to run
     * and leave the transaction open, holding the cluster_state row lock that every metadata write
     * takes: the whole control plane waited behind it.
     */
    @Test
    void electingEveryPartitionOfALargeClusterAnswersAndReleasesTheLock() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String topic = uniqueTopic("preferred-many");
            metadata.createTopic(CreateTopicRequest.newBuilder().setName(topic).setPartitions(10_000).setReplicationFactor(1).build());
            ElectPreferredLeadersResponse all = metadata.withDeadlineAfter(120, java.util.concurrent.TimeUnit.SECONDS)
                    .electPreferredLeaders(ElectPreferredLeadersRequest.getDefaultInstance());
            assertThat(all.getResultsList()).as("every partition is led by its preferred replica already")
                    .noneMatch(r -> r.getTopic().equals(topic));
            String next = uniqueTopic("after-elect-all");
            assertThat(metadata.withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS).createTopic(CreateTopicRequest.newBuilder()
                    .setName(next).setPartitions(1).setReplicationFactor(1).build()).getTopic().getName()).isEqualTo(next);
        }
    }
}
