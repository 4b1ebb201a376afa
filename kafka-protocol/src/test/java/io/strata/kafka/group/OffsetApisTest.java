package io.strata.kafka.group;

import io.strata.kafka.metadata.TopicIds;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetApisTest {

    private static final Map<String, Integer> TOPICS = Map.of("orders", 2, "payments", 1);

    private FakeGroupCoordinator coordinator;
    private GroupRequests requests;

    @BeforeEach
    void setUp() {
        coordinator = new FakeGroupCoordinator(TOPICS);
        ClassicMemberBridge bridge = new ClassicMemberBridge(coordinator, () -> 0L, () -> "uuid-1", ClassicMemberBridge.Limits.DEFAULT);
        requests = new GroupRequests(GroupApis.handlers(coordinator, new FakeControlPlane("localhost:9092", TOPICS), bridge));
    }

    private OffsetCommitResponse commit(String group, String memberId, int generation, short version, long offset) {
        boolean ids = version >= 10;
        OffsetCommitRequestTopic topic = new OffsetCommitRequestTopic().setPartitions(List.of(
                new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(offset).setCommittedMetadata("m"),
                new OffsetCommitRequestPartition().setPartitionIndex(1).setCommittedOffset(offset + 1)));
        if (ids) {
            topic.setTopicId(TopicIds.toKafka(FakeControlPlane.topicId("orders")));
        } else {
            topic.setName("orders");
        }
        return requests.send(OffsetCommitRequest.Builder.forTopicIdsOrNames(new OffsetCommitRequestData().setGroupId(group)
                .setMemberId(memberId).setGenerationIdOrMemberEpoch(generation).setTopics(List.of(topic)), ids), version);
    }

    private static List<Errors> errors(OffsetCommitResponse response) {
        List<Errors> errors = new ArrayList<>();
        response.data().topics().forEach(t -> t.partitions().stream().map(OffsetCommitResponsePartition::errorCode)
                .forEach(code -> errors.add(Errors.forCode(code))));
        return errors;
    }

    private JoinGroupResponse joinClassic(String group) {
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(Utils.toArray(
                ConsumerProtocol.serializeSubscription(new Subscription(List.of("orders"))))));
        return requests.send(new JoinGroupRequest.Builder(new JoinGroupRequestData().setGroupId(group).setMemberId("")
                .setGroupInstanceId("i-1").setSessionTimeoutMs(45000).setRebalanceTimeoutMs(60000)
                .setProtocolType("consumer").setProtocols(protocols)), (short) 9);
    }

    @Test
    void adminCommitsToAnEmptyGroupAtEveryVersionAndFetchReadsThemBack() {
        for (short v = ApiKeys.OFFSET_COMMIT.oldestVersion(); v <= ApiKeys.OFFSET_COMMIT.latestVersion(); v++) {
            OffsetCommitResponse response = commit("g" + v, "", -1, v, 100 + v);
            assertThat(errors(response)).as("v%s", v).containsOnly(Errors.NONE).hasSize(2);
            if (v >= 10) {
                assertThat(response.data().topics().get(0).topicId()).isEqualTo(TopicIds.toKafka(FakeControlPlane.topicId("orders")));
            } else {
                assertThat(response.data().topics().get(0).name()).isEqualTo("orders");
            }
        }
        for (short v = ApiKeys.OFFSET_FETCH.oldestVersion(); v <= ApiKeys.OFFSET_FETCH.latestVersion(); v++) {
            boolean ids = v >= 10;
            OffsetFetchRequestTopics topic = new OffsetFetchRequestTopics().setPartitionIndexes(List.of(0, 1));
            if (ids) {
                topic.setTopicId(TopicIds.toKafka(FakeControlPlane.topicId("orders")));
            } else {
                topic.setName("orders");
            }
            OffsetFetchResponse response = requests.send(OffsetFetchRequest.Builder.forTopicIdsOrNames(new OffsetFetchRequestData()
                    .setGroups(List.of(new OffsetFetchRequestGroup().setGroupId("g5").setTopics(List.of(topic)))), false, ids), v);
            OffsetFetchResponseGroup group = response.group("g5");
            assertThat(group.errorCode()).as("v%s", v).isZero();
            List<OffsetFetchResponsePartitions> partitions = group.topics().get(0).partitions();
            assertThat(partitions).extracting(OffsetFetchResponsePartitions::committedOffset).containsExactly(105L, 106L);
            assertThat(partitions.get(0).metadata()).isEqualTo("m");
        }
    }

    @Test
    void fetchAnswersMinusOneForNothingCommittedAndBatchesGroups() {
        commit("a", "", -1, (short) 9, 7);
        OffsetFetchResponse response = requests.send(OffsetFetchRequest.Builder.forTopicNames(new OffsetFetchRequestData()
                .setGroups(List.of(
                        new OffsetFetchRequestGroup().setGroupId("a").setTopics(null),
                        new OffsetFetchRequestGroup().setGroupId("b").setTopics(List.of(new OffsetFetchRequestTopics()
                                .setName("payments").setPartitionIndexes(List.of(0)))))), false), (short) 9);
        OffsetFetchResponseGroup a = response.group("a");
        assertThat(a.topics()).extracting(OffsetFetchResponseTopics::name).containsExactly("orders");
        assertThat(a.topics().get(0).partitions()).extracting(OffsetFetchResponsePartitions::committedOffset).containsExactly(7L, 8L);
        OffsetFetchResponsePartitions none = response.group("b").topics().get(0).partitions().get(0);
        assertThat(none.committedOffset()).isEqualTo(-1L);
        assertThat(none.metadata()).isEmpty();
    }

    @Test
    void anUnknownTopicIdIsAnsweredPerPartition() {
        OffsetCommitRequestTopic topic = new OffsetCommitRequestTopic().setTopicId(Uuid.randomUuid()).setPartitions(List.of(
                new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(1)));
        OffsetCommitResponse response = requests.send(OffsetCommitRequest.Builder.forTopicIdsOrNames(new OffsetCommitRequestData()
                .setGroupId("g").setMemberId("").setGenerationIdOrMemberEpoch(-1).setTopics(List.of(topic)), true), (short) 10);
        assertThat(errors(response)).containsExactly(Errors.UNKNOWN_TOPIC_ID);
    }

    @Test
    void classicMembersCommitWithTheirGenerationMappedToTheirEpoch() {
        JoinGroupResponse joined = joinClassic("g");
        String memberId = joined.data().memberId();
        int generation = joined.data().generationId();
        assertThat(errors(commit("g", memberId, generation, (short) 8, 5))).containsOnly(Errors.NONE);
        assertThat(errors(commit("g", memberId, generation + 1, (short) 8, 5))).containsOnly(Errors.ILLEGAL_GENERATION);
        assertThat(errors(commit("g", "", -1, (short) 8, 5))).as("an admin commit while the group has members")
                .containsOnly(Errors.UNKNOWN_MEMBER_ID);
        assertThat(errors(commit("g", "stranger", 3, (short) 8, 5))).containsOnly(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aKip848MemberCommitsWithItsEpoch() {
        ConsumerGroupHeartbeatResponse joined = requests.send(new ConsumerGroupHeartbeatRequest.Builder(
                new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId(Uuid.randomUuid().toString())
                        .setMemberEpoch(0).setRebalanceTimeoutMs(60000).setSubscribedTopicNames(List.of("orders"))
                        .setTopicPartitions(List.of())), (short) 1);
        String memberId = joined.data().memberId();
        int epoch = joined.data().memberEpoch();
        assertThat(errors(commit("g", memberId, epoch, (short) 10, 1))).containsOnly(Errors.NONE);
        assertThat(errors(commit("g", memberId, epoch - 1, (short) 10, 1))).containsOnly(Errors.STALE_MEMBER_EPOCH);
    }

    @Test
    void aStaleEpochIsStaleMemberEpochForKip848AndIllegalGenerationForClassic() {
        JoinGroupResponse joined = joinClassic("g");
        // The coordinator moved on without the bridge seeing it: the epoch the commit carries is stale.
        String memberId = joined.data().memberId();
        coordinator.group("g").members.get(memberId).epoch += 5;
        assertThat(OffsetApis.commitError(new io.strata.api.error.StrataException(
                io.strata.api.v1.ErrorCode.FENCED_MEMBER_EPOCH, "stale"), (short) 9)).isEqualTo(Errors.STALE_MEMBER_EPOCH);
        assertThat(OffsetApis.commitError(new io.strata.api.error.StrataException(
                io.strata.api.v1.ErrorCode.FENCED_MEMBER_EPOCH, "stale"), (short) 8)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(errors(commit("g", memberId, joined.data().generationId(), (short) 9, 1)))
                .as("a classic member is told in its own terms").containsOnly(Errors.ILLEGAL_GENERATION);
        int kip848Epoch = coordinator.group("g").members.get(memberId).epoch;
        assertThat(errors(commit("g", memberId, kip848Epoch - 1, (short) 9, 1))).as("not the joined generation")
                .containsOnly(Errors.ILLEGAL_GENERATION);
    }

    /**
     * The client's heartbeat thread and its commit cross: the heartbeat the bridge forwarded has
     * moved the member's epoch at the coordinator, and its answer is still on the way back when the
     * commit arrives. The commit must not be read against the epoch of before (the coordinator
     * would refuse it, and the client, told ILLEGAL_GENERATION, would give up its partitions and
     * have its records read again by their next owner): it waits for the heartbeat's answer.
     */
    @Test
    void aClassicCommitWaitsForItsHeartbeatInFlightAtTheCoordinator() throws Exception {
        coordinator = new FakeGroupCoordinator(TOPICS);
        String[] member = new String[1];
        CompletableFuture<Void> answerArrives = new CompletableFuture<>();
        boolean[] hold = {false};
        io.strata.kafka.backend.GroupBackend slowAnswers = new DelegatingGroupBackend(coordinator) {
            @Override
            public CompletionStage<io.strata.api.v1.GroupHeartbeatResponse> heartbeat(io.strata.api.v1.GroupHeartbeatRequest request) {
                if (!hold[0]) {
                    return super.heartbeat(request);
                }
                // The coordinator moves the member on and answers; the answer is held up on its way back.
                FakeGroupCoordinator.Member m = coordinator.group("g").members.get(member[0]);
                m.previousEpoch = m.epoch;
                m.epoch += 1;
                return super.heartbeat(request).thenCompose(answer -> answerArrives.thenApply(arrived -> answer));
            }
        };
        ClassicMemberBridge bridge = new ClassicMemberBridge(slowAnswers, () -> 0L, () -> "uuid-1", ClassicMemberBridge.Limits.DEFAULT);
        requests = new GroupRequests(GroupApis.handlers(slowAnswers, new FakeControlPlane("localhost:9092", TOPICS), bridge));
        JoinGroupResponse joined = joinClassic("g");
        member[0] = joined.data().memberId();
        int generation = joined.data().generationId();

        hold[0] = true;
        CompletableFuture<org.apache.kafka.common.requests.HeartbeatResponse> heartbeat = requests.sendAsync(
                new org.apache.kafka.common.requests.HeartbeatRequest.Builder(new org.apache.kafka.common.message.HeartbeatRequestData()
                        .setGroupId("g").setMemberId(member[0]).setGenerationId(generation)), (short) 4);
        OffsetCommitRequestTopic topic = new OffsetCommitRequestTopic().setName("orders").setPartitions(List.of(
                new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(7)));
        CompletableFuture<OffsetCommitResponse> commit = requests.sendAsync(OffsetCommitRequest.Builder.forTopicIdsOrNames(
                new OffsetCommitRequestData().setGroupId("g").setMemberId(member[0]).setGenerationIdOrMemberEpoch(generation)
                        .setTopics(List.of(topic)), false), (short) 8);
        assertThat(commit).as("the commit waits for the heartbeat's answer").isNotDone();

        hold[0] = false;
        answerArrives.complete(null);
        assertThat(heartbeat.get(10, TimeUnit.SECONDS).data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(errors(commit.get(10, TimeUnit.SECONDS))).containsOnly(Errors.NONE);
        assertThat(coordinator.group("g").offsets.values()).extracting(o -> o.getOffset()).contains(7L);
    }

    @Test
    void aKip848CommitFollowsTheEpochItsHeartbeatAnswerCarriedWhileTheCommitWasOnItsWay() {
        coordinator = new FakeGroupCoordinator(TOPICS);
        String memberId = Uuid.randomUuid().toString();
        GroupRequests[] self = new GroupRequests[1];
        int[] commits = {0};
        io.strata.kafka.backend.GroupBackend racing = new DelegatingGroupBackend(coordinator) {
            @Override
            public java.util.concurrent.CompletionStage<io.strata.api.v1.CommitOffsetsResponse> commitOffsets(
                    io.strata.api.v1.CommitOffsetsRequest request) {
                if (commits[0]++ == 0) {
                    // The member's heartbeat answer with a new epoch crosses its commit.
                    FakeGroupCoordinator.Member m = coordinator.group("g").members.get(memberId);
                    m.previousEpoch = m.epoch;
                    m.epoch += 1;
                    self[0].send(new ConsumerGroupHeartbeatRequest.Builder(new ConsumerGroupHeartbeatRequestData()
                            .setGroupId("g").setMemberId(memberId).setMemberEpoch(m.previousEpoch)
                            .setTopicPartitions(List.of(new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                                    .setTopicId(TopicIds.toKafka(FakeControlPlane.topicId("orders")))
                                    .setPartitions(List.of(0, 1))))), (short) 1);
                }
                return super.commitOffsets(request);
            }
        };
        ClassicMemberBridge bridge = new ClassicMemberBridge(racing, () -> 0L, () -> "uuid-1", ClassicMemberBridge.Limits.DEFAULT);
        requests = new GroupRequests(GroupApis.handlers(racing, new FakeControlPlane("localhost:9092", TOPICS), bridge));
        self[0] = requests;
        ConsumerGroupHeartbeatResponse joined = requests.send(new ConsumerGroupHeartbeatRequest.Builder(
                new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId(memberId)
                        .setMemberEpoch(0).setRebalanceTimeoutMs(60000).setSubscribedTopicNames(List.of("orders"))
                        .setTopicPartitions(List.of())), (short) 1);
        int epoch = joined.data().memberEpoch();

        assertThat(errors(commit("g", memberId, epoch, (short) 10, 9))).containsOnly(Errors.NONE);
        assertThat(commits[0]).isEqualTo(2);
        assertThat(coordinator.group("g").offsets.values()).extracting(o -> o.getOffset()).contains(9L);
        assertThat(errors(commit("g", memberId, epoch - 1, (short) 10, 1))).as("epoch 0, which only joins, is never carried forward")
                .containsOnly(Errors.STALE_MEMBER_EPOCH);
    }
}
