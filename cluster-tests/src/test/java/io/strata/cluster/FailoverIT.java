package io.strata.cluster;

import io.grpc.StatusRuntimeException;
import io.strata.api.error.GrpcErrors;
import io.strata.api.v1.Acks;
import io.strata.api.v1.AppendRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.ListReplicasRequest;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.api.v1.ReplicaInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Leader failover with real processes and real replication: the JGroups-raft controller moves
 * leadership off a killed or stopped node, a producer that retries loses nothing it was told was
 * written, the old leader comes back as a follower with its divergent tail cut and catches up,
 * and a deposed leader cannot write. (Controller failover itself: {@link ControllerFailoverIT}.)
 */
class FailoverIT extends ClusterTest {

    private static final String TOPIC = "orders";

    private MetadataServiceGrpc.MetadataServiceBlockingStub metadata;

    @BeforeEach
    void start() throws IOException {
        cluster = new TestCluster(dataDir).withProperty("partition-node", "strata.node.replica-lag-time-max", "3s")
                .startCore();
        metadata = MetadataServiceGrpc.newBlockingStub(cluster.channel("metadata-service"));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getController().getNodeId() > 0);
        metadata.createTopic(CreateTopicRequest.newBuilder().setName(TOPIC).setPartitions(1).setReplicationFactor(3)
                .putConfigs("min.insync.replicas", "2").build());
    }

    @Test
    void aKilledLeaderIsReplacedAndNothingAcknowledgedIsLost() throws Exception {
        RetryingWriter writer = new RetryingWriter(cluster, TOPIC, Acks.ACKS_ALL);
        Thread writing = new Thread(writer, "writer");
        writing.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> writer.acknowledged().size() >= 200);
        int oldLeader = partition().getLeader();

        long killedNanos = System.nanoTime();
        cluster.process("partition-node-" + oldLeader).kill();
        int acknowledgedAtKill = writer.acknowledged().size();
        // Record next()+1 is sent only after kill() returned (the old leader is gone by then), so
        // its acknowledgement comes from the new leader.
        int firstAfterKill = writer.next() + 1;
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.ackNanos(firstAfterKill) != null);
        System.out.printf("failover: SIGKILL of leader %d -> first acks=all acknowledgement of a record sent after it: %d ms%n",
                oldLeader, (writer.ackNanos(firstAfterKill) - killedNanos) / 1_000_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> partition().getLeader() != oldLeader && partition().getLeader() > 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> writer.acknowledged().size() >= acknowledgedAtKill + 200);
        writer.stop();
        writing.join(TimeUnit.SECONDS.toMillis(30));

        Map<Long, String> read = readAllFromLeader();
        assertThat(read.keySet()).as("dense offsets from 0").containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, read.size()).boxed().toList());
        assertThat(writer.anomalies()).as("acknowledgements no correct cluster gives").isEmpty();
        writer.acknowledged().forEach((value, offset) -> assertThat(read.get(offset)).as("acknowledged " + value).isEqualTo(value));
        Map<String, Long> copies = read.values().stream().collect(
                java.util.stream.Collectors.groupingBy(value -> value, java.util.stream.Collectors.counting()));
        assertThat(copies).as("records stored more than once").allSatisfy((value, count) -> assertThat(count).as(value).isOne());
        System.out.printf("failover: %d records acknowledged, %d stored, 0 lost, 0 stored twice%n",
                writer.acknowledged().size(), read.size());

        cluster.restart("partition-node-" + oldLeader);
        await().atMost(Duration.ofSeconds(60)).until(() -> partition().getIsrList().size() == 3);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(logEndOffsets()).containsOnly(read.size() + 0L));
    }

    @Test
    void aDeposedLeaderThatComesBackCannotWrite() {
        PartitionServiceGrpc.PartitionServiceBlockingStub first = leaderStub();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> first.append(AppendRequest.newBuilder()
                .setTopic(TOPIC).setPartition(0).setAcks(Acks.ACKS_ALL).setRecords(RetryingWriter.record("before")).build())
                .getBaseOffset() == 0);
        int oldLeader = partition().getLeader();

        cluster.process("partition-node-" + oldLeader).pause();
        await().atMost(Duration.ofSeconds(60)).until(() -> partition().getLeader() != oldLeader && partition().getLeader() > 0);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> leaderStub().append(AppendRequest
                .newBuilder().setTopic(TOPIC).setPartition(0).setAcks(Acks.ACKS_ALL)
                .setRecords(RetryingWriter.record("after")).build()).getBaseOffset() == 1);
        cluster.process("partition-node-" + oldLeader).resume();

        // The deposed leader either knows already that it no longer leads, or learns it while the
        // append waits for followers that no longer fetch from it: either way the same code.
        assertThatThrownBy(() -> first.withDeadlineAfter(30, TimeUnit.SECONDS).append(AppendRequest.newBuilder()
                .setTopic(TOPIC).setPartition(0).setAcks(Acks.ACKS_ALL).setTimeoutMs(20_000)
                .setRecords(RetryingWriter.record("stale")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(GrpcErrors.fromStatus(e).code()).as(e.getMessage()).isEqualTo(ErrorCode.NOT_LEADER_OR_FOLLOWER));
        await().atMost(Duration.ofSeconds(60)).until(() -> partition().getIsrList().size() == 3);
        assertThat(readAllFromLeader().values()).containsExactly("before", "after");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(logEndOffsets()).containsOnly(2L));
    }

    private PartitionDescription partition() {
        return metadata.describeTopics(DescribeTopicsRequest.newBuilder().addNames(TOPIC).build()).getTopics(0).getPartitions(0);
    }

    private PartitionServiceGrpc.PartitionServiceBlockingStub leaderStub() {
        return PartitionServiceGrpc.newBlockingStub(cluster.channel("partition-node-" + partition().getLeader()))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** Every record, read from whichever node leads when asked (leadership may move meanwhile). */
    private Map<Long, String> readAllFromLeader() {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> StoredRecords.read(cluster.channel("partition-node-" + partition().getLeader()), TOPIC, 0), java.util.Objects::nonNull);
    }


    /** The log end offset of the topic's replica on every running node. */
    private List<Long> logEndOffsets() {
        List<Long> ends = new ArrayList<>();
        for (int node = 1; node <= 3; node++) {
            for (ReplicaInfo replica : PartitionServiceGrpc.newBlockingStub(cluster.channel("partition-node-" + node))
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .listReplicas(ListReplicasRequest.getDefaultInstance()).getReplicasList()) {
                if (replica.getTopic().equals(TOPIC)) {
                    ends.add(replica.getLogEndOffset());
                }
            }
        }
        return ends;
    }
}
