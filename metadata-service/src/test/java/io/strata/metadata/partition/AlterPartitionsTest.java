package io.strata.metadata.partition;

import com.google.common.util.concurrent.ListenableFuture;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.strata.api.v1.AlterPartitionRequest;
import io.strata.api.v1.AlterPartitionResult;
import io.strata.api.v1.AlterPartitionsRequest;
import io.strata.api.v1.AlterPartitionsResponse;
import io.strata.api.v1.ClaimControllerRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.ElectLeadersRequest;
import io.strata.api.v1.ElectLeadersResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.LeaderElection;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.metadata.LiveNodes;
import io.strata.metadata.MetadataServiceTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.strata.metadata.MetadataChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ISR changes of many partitions in one AlterPartitions request, and elections of many partitions
 * in one ElectLeaders request, against the real PostgreSQL: the per-partition compare-and-set on
 * leader and partition epochs still holds inside a batch (a stale change is refused in its own
 * result, the others apply), and a node's loss at 1,000 partitions is one short transaction.
 */
@QuarkusTest
class AlterPartitionsTest extends MetadataServiceTestBase {

    private TopicDescription createTopic(String name, int partitions) {
        return metadata.createTopic(CreateTopicRequest.newBuilder().setName(name).setPartitions(partitions)
                .setReplicationFactor(3).build()).getTopic();
    }

    private static AlterPartitionRequest shrink(String topic, PartitionDescription partition) {
        return AlterPartitionRequest.newBuilder().setTopic(topic).setPartition(partition.getPartition())
                .setLeader(partition.getLeader()).setLeaderEpoch(partition.getLeaderEpoch())
                .setPartitionEpoch(partition.getPartitionEpoch()).addIsr(partition.getLeader()).build();
    }

    private static Map<Integer, List<PartitionDescription>> byLeader(TopicDescription topic) {
        Map<Integer, List<PartitionDescription>> byLeader = new HashMap<>();
        topic.getPartitionsList().forEach(p -> byLeader.computeIfAbsent(p.getLeader(), l -> new ArrayList<>()).add(p));
        return byLeader;
    }

    private static AlterPartitionsRequest batch(String topic, int leader, List<PartitionDescription> partitions) {
        AlterPartitionsRequest.Builder request = AlterPartitionsRequest.newBuilder().setLeader(leader);
        partitions.forEach(p -> request.addChanges(shrink(topic, p)));
        return request.build();
    }

    @Test
    void aBatchAppliesEveryChangeInOneVersionAndRefusesOnlyTheStaleOnes() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String name = uniqueTopic("batch");
            TopicDescription topic = createTopic(name, 60);
            Map.Entry<Integer, List<PartitionDescription>> mine = byLeader(topic).entrySet().iterator().next();
            List<PartitionDescription> led = mine.getValue();
            PartitionDescription stale = led.get(0);
            metadata.alterPartition(shrink(name, stale)); // moves its partition epoch past the batch's

            AlterPartitionsRequest request = batch(name, mine.getKey(), led).toBuilder()
                    .addChanges(shrink(name, led.get(1)).toBuilder().setPartition(4242)).build();
            AlterPartitionsResponse response = metadata.alterPartitions(request);

            assertThat(response.getResultsList()).hasSize(led.size() + 1);
            AlterPartitionResult fenced = response.getResults(0);
            assertThat(fenced.getErrorCode()).isEqualTo(ErrorCode.FENCED_LEADER_EPOCH);
            assertThat(fenced.getErrorMessage()).contains("partition_epoch: 0 is not " + name + "-" + stale.getPartition());
            assertThat(fenced.hasDescription()).isFalse();
            AlterPartitionResult unknown = response.getResults(led.size());
            assertThat(unknown.getErrorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(unknown.getErrorMessage()).contains("has no partition 4242");
            for (AlterPartitionResult applied : response.getResultsList().subList(1, led.size())) {
                assertThat(applied.getErrorCode()).isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
                assertThat(applied.getDescription().getIsrList()).containsExactly(mine.getKey());
                assertThat(applied.getDescription().getPartitionEpoch()).isEqualTo(1);
            }
            TopicDescription after = metadata.describeTopics(DescribeTopicsRequest.newBuilder().addNames(name).build()).getTopics(0);
            for (PartitionDescription p : after.getPartitionsList()) {
                boolean wasMine = p.getLeader() == mine.getKey();
                assertThat(p.getIsrCount()).as("%s-%d", name, p.getPartition()).isEqualTo(wasMine ? 1 : 3);
                assertThat(p.getPartitionEpoch()).isEqualTo(wasMine ? 1 : 0);
            }
        }
    }

    @Test
    void ofTwoConcurrentBatchesFromTheSameEpochsEachPartitionTakesExactlyOne() throws Exception {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String name = uniqueTopic("race");
            TopicDescription topic = createTopic(name, 30);
            Map.Entry<Integer, List<PartitionDescription>> mine = byLeader(topic).entrySet().iterator().next();
            AlterPartitionsRequest request = batch(name, mine.getKey(), mine.getValue());

            ListenableFuture<AlterPartitionsResponse> first = channel.futures().alterPartitions(request);
            ListenableFuture<AlterPartitionsResponse> second = channel.futures().alterPartitions(request);
            List<AlterPartitionResult> a = first.get().getResultsList();
            List<AlterPartitionResult> b = second.get().getResultsList();

            for (int i = 0; i < request.getChangesCount(); i++) {
                List<ErrorCode> codes = List.of(a.get(i).getErrorCode(), b.get(i).getErrorCode());
                assertThat(codes).as("partition %d", request.getChanges(i).getPartition())
                        .containsExactlyInAnyOrder(ErrorCode.ERROR_CODE_UNSPECIFIED, ErrorCode.FENCED_LEADER_EPOCH);
            }
        }
    }

    @Test
    void badBatchesAreRefusedNamingWhy() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String name = uniqueTopic("bad");
            TopicDescription topic = createTopic(name, 6);
            Map.Entry<Integer, List<PartitionDescription>> mine = byLeader(topic).entrySet().iterator().next();
            AlterPartitionRequest change = shrink(name, mine.getValue().get(0));

            assertRefused(() -> metadata.alterPartitions(AlterPartitionsRequest.newBuilder().setLeader(mine.getKey())
                    .addChanges(change).addChanges(change).build()), ErrorCode.INVALID_REQUEST, "is listed twice");
            assertRefused(() -> metadata.alterPartitions(AlterPartitionsRequest.newBuilder().setLeader(mine.getKey() + 1)
                    .addChanges(change).build()), ErrorCode.INVALID_REQUEST, "a node changes only the ISRs it leads");
            assertRefused(() -> metadata.alterPartitions(AlterPartitionsRequest.newBuilder().setLeader(mine.getKey()).build()),
                    ErrorCode.INVALID_REQUEST, "0 ISR changes; 1 … 10000 are allowed");
        }
    }

    @Test
    void aNodesLossAtAThousandPartitionsIsOneShortElection() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String name = uniqueTopic("loss");
            TopicDescription topic = createTopic(name, 1000);
            int dead = nodes.ids().get(0);
            int controller = nodes.ids().get(1);
            long epoch = metadata.describeCluster(DescribeClusterRequest.getDefaultInstance())
                    .getController().getControllerEpoch() + 1;
            metadata.claimController(ClaimControllerRequest.newBuilder().setNodeId(controller).setControllerEpoch(epoch).build());
            ElectLeadersRequest.Builder request = ElectLeadersRequest.newBuilder().setNodeId(controller).setControllerEpoch(epoch);
            for (PartitionDescription p : topic.getPartitionsList()) {
                LeaderElection.Builder election = LeaderElection.newBuilder().setTopic(name).setPartition(p.getPartition());
                List<Integer> live = p.getIsrList().stream().filter(n -> n != dead).toList();
                request.addElections(p.getLeader() == dead
                        ? election.setLeader(live.get(0)).addAllIsr(live)
                        : election.setLeader(p.getLeader()).addFenced(dead));
            }

            long started = System.nanoTime();
            ElectLeadersResponse response = metadata.electLeaders(request.build());
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("ElectLeaders of 1,000 partitions (one node lost): %d ms%n", tookMs);

            assertThat(response.getPartitionsList()).hasSize(1000);
            response.getPartitionsList().forEach(p -> {
                assertThat(p.getPartition().getLeader()).isNotEqualTo(dead);
                assertThat(p.getPartition().getIsrList()).doesNotContain(dead);
            });
            assertThat(tookMs).as("within the controller's request timeout (strata.node.raft.request-timeout, 5 s)")
                    .isLessThan(5_000);
        }
    }

    /**
     * A batch's lookup holds the partitions it names, not their whole topics: every loaded row is
     * dirty-checked at each flush on the event loop, and at 10 topics of 1,000 partitions a batch of
     * 250 changes that loaded whole topics held 10,000 rows and blocked it for seconds.
     */
    @Test
    void aBatchLoadsOnlyThePartitionsItNames() throws Throwable {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String big = uniqueTopic("lookup-a");
            String other = uniqueTopic("lookup-b");
            createTopic(big, 400);
            createTopic(other, 5);

            PartitionLookup lookup = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                    PartitionLookup.load(Map.of(big, List.of(3, 399, 3, 4242), other, Set.of(0)))));

            assertThat(lookup.loaded()).isEqualTo(3);
            assertThat(lookup.get(big, 399).partition().partitionIndex).isEqualTo(399);
            assertThat(lookup.get(other, 0).topic().name).isEqualTo(other);
            assertThatThrownBy(() -> lookup.get(big, 4242)).hasMessageContaining("has no partition 4242");
        }
    }
}
