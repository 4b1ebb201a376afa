package io.strata.kafka.group;

import io.strata.kafka.metadata.TopicIds;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.Member;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData.TopicPartitions;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerGroupApisTest {

    private static final Map<String, Integer> TOPICS = Map.of("orders", 3);
    private static final Uuid ORDERS = TopicIds.toKafka(FakeControlPlane.topicId("orders"));

    private FakeGroupCoordinator coordinator;
    private GroupRequests requests;

    @BeforeEach
    void setUp() {
        coordinator = new FakeGroupCoordinator(TOPICS);
        requests = new GroupRequests(GroupApis.handlers(coordinator, new FakeControlPlane("localhost:9092", TOPICS)));
    }

    private ConsumerGroupHeartbeatResponseData heartbeat(ConsumerGroupHeartbeatRequestData data) {
        ConsumerGroupHeartbeatResponse response = requests.send(new ConsumerGroupHeartbeatRequest.Builder(data), (short) 1);
        return response.data();
    }

    private static ConsumerGroupHeartbeatRequestData join(String memberId) {
        return new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId(memberId).setMemberEpoch(0)
                .setRebalanceTimeoutMs(60000).setSubscribedTopicNames(List.of("orders")).setTopicPartitions(List.of());
    }

    @Test
    void aMemberJoinsAndGetsItsAssignmentByTopicId() {
        ConsumerGroupHeartbeatResponseData joined = heartbeat(join(Uuid.randomUuid().toString()));
        assertThat(joined.errorCode()).isZero();
        assertThat(joined.memberEpoch()).isPositive();
        assertThat(joined.heartbeatIntervalMs()).isEqualTo(FakeGroupCoordinator.HEARTBEAT_INTERVAL_MS);
        assertThat(joined.assignment().topicPartitions()).hasSize(1);
        assertThat(joined.assignment().topicPartitions().get(0).topicId()).isEqualTo(ORDERS);
        assertThat(joined.assignment().topicPartitions().get(0).partitions()).containsExactly(0, 1, 2);
    }

    @Test
    void ownedPartitionsLeftOutMeanUnchanged() {
        String id = Uuid.randomUuid().toString();
        ConsumerGroupHeartbeatResponseData joined = heartbeat(join(id));
        ConsumerGroupHeartbeatResponseData full = heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId(id)
                .setMemberEpoch(joined.memberEpoch())
                .setTopicPartitions(List.of(new TopicPartitions().setTopicId(ORDERS).setPartitions(List.of(0, 1, 2)))));
        assertThat(full.errorCode()).isZero();
        ConsumerGroupHeartbeatResponseData partial = heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                .setMemberId(id).setMemberEpoch(full.memberEpoch()).setRebalanceTimeoutMs(-1));
        assertThat(partial.errorCode()).isZero();
        assertThat(coordinator.group("g").members.get(id).owned).as("still reported in full").hasSize(3);
        assertThat(coordinator.group("g").members.get(id).rebalanceTimeoutMs).as("the last one sent").isEqualTo(60000);

        ConsumerGroupHeartbeatResponseData unknown = heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                .setMemberId("from-another-node").setMemberEpoch(4).setRebalanceTimeoutMs(-1));
        assertThat(Errors.forCode(unknown.errorCode())).as("never report owned partitions as released").isEqualTo(Errors.NOT_COORDINATOR);
    }

    @Test
    void coordinatorErrorsPassThroughAndLeavingWorks() {
        String id = Uuid.randomUuid().toString();
        ConsumerGroupHeartbeatResponseData joined = heartbeat(join(id));
        ConsumerGroupHeartbeatResponseData fenced = heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId(id)
                .setMemberEpoch(joined.memberEpoch() + 10).setTopicPartitions(List.of()));
        assertThat(Errors.forCode(fenced.errorCode())).isEqualTo(Errors.FENCED_MEMBER_EPOCH);
        ConsumerGroupHeartbeatResponseData left = heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId(id)
                .setMemberEpoch(-1));
        assertThat(left.errorCode()).isZero();
        assertThat(left.memberEpoch()).isEqualTo(-1);
        assertThat(coordinator.group("g").members).isEmpty();
    }

    /**
     * Kafka's consumer closes with a leave that carries an empty topic list (its subscription is
     * cleared first). The coordinator refuses an empty subscription, so that leave used to fail
     * and the member stayed in the group until its session timed out (45 s by default).
     */
    @Test
    void aLeaveIsForwardedWithoutItsEmptySubscription() {
        String id = Uuid.randomUuid().toString();
        heartbeat(join(id));
        ConsumerGroupHeartbeatResponseData left = heartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId(id)
                .setMemberEpoch(-1).setSubscribedTopicNames(List.of()));
        assertThat(left.errorCode()).isZero();
        assertThat(coordinator.lastHeartbeat().getMemberEpoch()).isEqualTo(-1);
        assertThat(coordinator.lastHeartbeat().hasSubscription()).as("the leave's subscription").isFalse();
        assertThat(coordinator.group("g").members).isEmpty();
    }

    @Test
    void describeNamesTopicsByIdAndName() {
        String id = Uuid.randomUuid().toString();
        heartbeat(join(id));
        ConsumerGroupDescribeResponse response = requests.send(new ConsumerGroupDescribeRequest.Builder(
                new ConsumerGroupDescribeRequestData().setGroupIds(List.of("g", "missing"))), (short) 1);
        DescribedGroup group = response.data().groups().get(0);
        assertThat(group.groupState()).isEqualTo("Reconciling");
        Member member = group.members().get(0);
        assertThat(member.memberId()).isEqualTo(id);
        assertThat(member.subscribedTopicNames()).containsExactly("orders");
        assertThat(member.assignment().topicPartitions().get(0).topicId()).isEqualTo(ORDERS);
        assertThat(member.assignment().topicPartitions().get(0).topicName()).isEqualTo("orders");
        assertThat(member.memberType()).isEqualTo((byte) 1);
        assertThat(Errors.forCode(response.data().groups().get(1).errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }
}
