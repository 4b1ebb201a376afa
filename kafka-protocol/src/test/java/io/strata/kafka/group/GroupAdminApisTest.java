package io.strata.kafka.group;

import io.strata.api.error.StrataException;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.DeleteOffsetsRequest;
import io.strata.api.v1.DeleteOffsetsResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.OffsetDeletion;
import io.strata.kafka.api.KafkaApis;
import io.strata.kafka.backend.GroupBackend;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.utils.Utils;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class GroupAdminApisTest {

    private static final Map<String, Integer> TOPICS = Map.of("orders", 2);

    private FakeGroupCoordinator coordinator;
    private GroupRequests requests;

    @BeforeEach
    void setUp() {
        coordinator = new FakeGroupCoordinator(TOPICS);
        requests = requestsTo(coordinator);
        // "busy": one stable classic member; "idle": only committed offsets.
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(Utils.toArray(
                ConsumerProtocol.serializeSubscription(new Subscription(List.of("orders"))))));
        JoinGroupResponse joined = requests.send(new JoinGroupRequest.Builder(new JoinGroupRequestData().setGroupId("busy")
                .setMemberId("").setGroupInstanceId("i-1").setSessionTimeoutMs(45000).setRebalanceTimeoutMs(60000)
                .setProtocolType("consumer").setProtocols(protocols)), (short) 9);
        requests.send(new SyncGroupRequest.Builder(new SyncGroupRequestData().setGroupId("busy")
                .setMemberId(joined.data().memberId()).setGenerationId(joined.data().generationId())
                .setAssignments(List.of())), (short) 5);
        // The heartbeat after SyncGroup tells the coordinator the member owns what it was given: Stable.
        requests.send(new HeartbeatRequest.Builder(new HeartbeatRequestData().setGroupId("busy")
                .setMemberId(joined.data().memberId()).setGenerationId(joined.data().generationId())), (short) 4);
        requests.send(OffsetCommitRequest.Builder.forTopicNames(new OffsetCommitRequestData().setGroupId("idle").setMemberId("")
                .setGenerationIdOrMemberEpoch(-1).setTopics(List.of(new OffsetCommitRequestTopic().setName("orders")
                        .setPartitions(List.of(new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(3)))))), (short) 9);
    }

    private GroupRequests requestsTo(GroupBackend backend) {
        ClassicMemberBridge bridge = new ClassicMemberBridge(backend, () -> 0L, () -> "uuid-1", ClassicMemberBridge.Limits.DEFAULT);
        return new GroupRequests(GroupApis.handlers(backend, new FakeControlPlane("localhost:9092", TOPICS), bridge));
    }

    @Test
    void listGroupsAtEveryVersionWithStateAndTypeFilters() {
        for (short v = ApiKeys.LIST_GROUPS.oldestVersion(); v <= ApiKeys.LIST_GROUPS.latestVersion(); v++) {
            ListGroupsResponse all = requests.send(new ListGroupsRequest.Builder(new ListGroupsRequestData()), v);
            assertThat(all.data().groups()).as("v%s", v).extracting(ListedGroup::groupId).containsExactly("busy", "idle");
            assertThat(all.data().groups()).allSatisfy(g -> assertThat(g.protocolType()).isEqualTo("consumer"));
            if (v >= 4) {
                assertThat(all.data().groups()).extracting(ListedGroup::groupState).containsExactly("Stable", "Empty");
                ListGroupsResponse empty = requests.send(new ListGroupsRequest.Builder(new ListGroupsRequestData()
                        .setStatesFilter(List.of("Empty"))), v);
                assertThat(empty.data().groups()).extracting(ListedGroup::groupId).containsExactly("idle");
                ListGroupsResponse dead = requests.send(new ListGroupsRequest.Builder(new ListGroupsRequestData()
                        .setStatesFilter(List.of("Dead"))), v);
                assertThat(dead.data().groups()).isEmpty();
            }
            if (v >= 5) {
                assertThat(all.data().groups()).extracting(ListedGroup::groupType).containsOnly("consumer");
                ListGroupsResponse share = requests.send(new ListGroupsRequest.Builder(new ListGroupsRequestData()
                        .setTypesFilter(List.of("share"))), v);
                assertThat(share.data().groups()).isEmpty();
            }
        }
    }

    @Test
    void describeGroupsInTheClassicShape() {
        for (short v = ApiKeys.DESCRIBE_GROUPS.oldestVersion(); v <= ApiKeys.DESCRIBE_GROUPS.latestVersion(); v++) {
            DescribeGroupsResponse response = requests.send(new DescribeGroupsRequest.Builder(new DescribeGroupsRequestData()
                    .setGroups(List.of("busy", "idle", "missing"))), v);
            List<DescribedGroup> groups = response.data().groups();
            assertThat(groups).extracting(DescribedGroup::groupState).as("v%s", v).containsExactly("Stable", "Empty", "Dead");
            assertThat(groups).extracting(DescribedGroup::errorCode).containsOnly((short) 0);
            DescribedGroup busy = groups.get(0);
            assertThat(busy.protocolType()).isEqualTo("consumer");
            assertThat(busy.protocolData()).isEqualTo("range");
            DescribedGroupMember member = busy.members().get(0);
            assertThat(member.clientId()).isEqualTo("client-1");
            assertThat(member.clientHost()).isEqualTo("/127.0.0.1");
            if (v >= 4) {
                assertThat(member.groupInstanceId()).isEqualTo("i-1");
            }
            assertThat(ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(member.memberMetadata())).topics()).containsExactly("orders");
            assertThat(ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(member.memberAssignment())).partitions())
                    .containsExactly(new TopicPartition("orders", 0), new TopicPartition("orders", 1));
        }
    }

    @Test
    void deleteGroupsAnswersPerGroup() {
        for (short v = ApiKeys.DELETE_GROUPS.oldestVersion(); v <= ApiKeys.DELETE_GROUPS.latestVersion(); v++) {
            setUp();
            DeleteGroupsResponse response = requests.send(new DeleteGroupsRequest.Builder(new DeleteGroupsRequestData()
                    .setGroupsNames(List.of("busy", "idle", "missing"))), v);
            assertThat(response.data().results().find("busy").errorCode()).as("v%s", v).isEqualTo(Errors.NON_EMPTY_GROUP.code());
            assertThat(response.data().results().find("idle").errorCode()).isZero();
            assertThat(response.data().results().find("missing").errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
            assertThat(response.data().results()).extracting(DeletableGroupResult::groupId).hasSize(3);
        }
    }

    private static OffsetDeleteRequest.Builder offsetDelete(String groupId, String topic, Integer... partitions) {
        OffsetDeleteRequestTopicCollection topics = new OffsetDeleteRequestTopicCollection();
        topics.add(new OffsetDeleteRequestTopic().setName(topic).setPartitions(Stream.of(partitions)
                .map(p -> new OffsetDeleteRequestPartition().setPartitionIndex(p)).toList()));
        return new OffsetDeleteRequest.Builder(new OffsetDeleteRequestData().setGroupId(groupId).setTopics(topics));
    }

    private static List<Tuple> answers(OffsetDeleteResponse response) {
        List<Tuple> answers = new ArrayList<>();
        response.data().topics().forEach(topic -> topic.partitions().forEach(partition ->
                answers.add(tuple(topic.name(), partition.partitionIndex(), Errors.forCode(partition.errorCode())))));
        return answers;
    }

    @Test
    void offsetDeleteAnswersEveryPartitionAndKeepsThoseOfSubscribedTopics() {
        for (short v = ApiKeys.OFFSET_DELETE.oldestVersion(); v <= ApiKeys.OFFSET_DELETE.latestVersion(); v++) {
            setUp();
            OffsetDeleteResponse idle = requests.send(offsetDelete("idle", "orders", 1, 0, 1), v);
            assertThat(idle.data().errorCode()).as("v%s", v).isZero();
            assertThat(answers(idle)).as("in request order, once each")
                    .containsExactly(tuple("orders", 1, Errors.NONE), tuple("orders", 0, Errors.NONE));
            assertThat(coordinator.group("idle").offsets).isEmpty();

            TopicPartition kept = new TopicPartition("orders", 0);
            coordinator.group("busy").offsets.put(kept, CommittedOffset.newBuilder().setTopic("orders").setPartition(0)
                    .setOffset(9).build());
            OffsetDeleteResponse busy = requests.send(offsetDelete("busy", "orders", 0), v);
            assertThat(busy.data().errorCode()).isZero();
            assertThat(answers(busy)).containsExactly(tuple("orders", 0, Errors.GROUP_SUBSCRIBED_TO_TOPIC));
            assertThat(coordinator.group("busy").offsets).containsOnlyKeys(kept);
            assertThat(answers(requests.send(offsetDelete("busy", "audit", 3), v)))
                    .as("a topic no member subscribes to").containsExactly(tuple("audit", 3, Errors.NONE));
        }
    }

    @Test
    void offsetDeleteOfAGroupThatFailsAnswersTheErrorAtTheTopWithoutTopics() {
        for (short v = ApiKeys.OFFSET_DELETE.oldestVersion(); v <= ApiKeys.OFFSET_DELETE.latestVersion(); v++) {
            OffsetDeleteResponse missing = requests.send(offsetDelete("missing", "orders", 0), v);
            assertThat(Errors.forCode(missing.data().errorCode())).as("v%s", v).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
            assertThat(missing.data().topics()).isEmpty();
            OffsetDeleteResponse unnamed = requests.send(offsetDelete("", "orders", 0), v);
            assertThat(Errors.forCode(unnamed.data().errorCode())).isEqualTo(Errors.INVALID_GROUP_ID);
        }
        GroupRequests rebalancing = requestsTo(new DelegatingGroupBackend(coordinator) {
            @Override
            public CompletionStage<DeleteOffsetsResponse> deleteOffsets(DeleteOffsetsRequest request) {
                return CompletableFuture.failedFuture(new StrataException(ErrorCode.REBALANCE_IN_PROGRESS, "subscriptions moved"));
            }
        });
        OffsetDeleteResponse refused = rebalancing.send(offsetDelete("idle", "orders", 0), (short) 0);
        assertThat(Errors.forCode(refused.data().errorCode())).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void aPartitionTheCoordinatorDidNotAnswerIsNeverReportedDeleted() {
        GroupRequests forgetful = requestsTo(new DelegatingGroupBackend(coordinator) {
            @Override
            public CompletionStage<DeleteOffsetsResponse> deleteOffsets(DeleteOffsetsRequest request) {
                return CompletableFuture.completedFuture(DeleteOffsetsResponse.newBuilder().addPartitions(
                        OffsetDeletion.newBuilder().setTopic("orders").setPartition(0)).build());
            }
        });
        OffsetDeleteResponse response = forgetful.send(offsetDelete("idle", "orders", 0, 1), (short) 0);
        assertThat(answers(response)).containsExactly(tuple("orders", 0, Errors.NONE),
                tuple("orders", 1, Errors.UNKNOWN_SERVER_ERROR));
    }

    @Test
    void apiVersionsAdvertisesOffsetDelete() {
        KafkaApis apis = KafkaApis.of(GroupApis.handlers(new FakeGroupCoordinator(TOPICS), new FakeControlPlane("localhost:9092", TOPICS)));
        ApiVersion offsetDelete = apis.advertised().find(ApiKeys.OFFSET_DELETE.id);
        assertThat(offsetDelete).isNotNull();
        // kafka-clients 4.1 knows OffsetDelete v0 only; a newer version there must show up here (and in the README).
        assertThat(offsetDelete.minVersion()).isEqualTo((short) 0);
        assertThat(offsetDelete.maxVersion()).isEqualTo((short) 0);
    }
}
