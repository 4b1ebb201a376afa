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
}
