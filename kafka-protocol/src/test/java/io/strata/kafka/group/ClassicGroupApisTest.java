package io.strata.kafka.group;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ClassicGroupApisTest {

    private static final Map<String, Integer> TOPICS = Map.of("orders", 4);
    private static final String GROUP = "g";

    private FakeGroupCoordinator coordinator;
    private GroupRequests requests;

    @BeforeEach
    void setUp() {
        coordinator = new FakeGroupCoordinator(TOPICS);
        AtomicInteger ids = new AtomicInteger();
        ClassicMemberBridge bridge = new ClassicMemberBridge(coordinator, () -> 0L, () -> "uuid-" + ids.incrementAndGet(),
                ClassicMemberBridge.Limits.DEFAULT);
        requests = new GroupRequests(GroupApis.handlers(coordinator, new FakeControlPlane("localhost:9092", TOPICS), bridge));
    }

    private static JoinGroupRequest.Builder join(String memberId, String instanceId, String protocol, ByteBuffer metadata) {
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName(protocol).setMetadata(Utils.toArray(metadata)));
        protocols.add(new JoinGroupRequestProtocol().setName("roundrobin").setMetadata(Utils.toArray(metadata.duplicate().rewind())));
        return new JoinGroupRequest.Builder(new JoinGroupRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGroupInstanceId(instanceId).setSessionTimeoutMs(45000).setRebalanceTimeoutMs(60000)
                .setProtocolType("consumer").setProtocols(protocols));
    }

    private static ByteBuffer subscription(List<TopicPartition> owned, short version) {
        return ConsumerProtocol.serializeSubscription(new Subscription(List.of("orders"), null, owned), version);
    }

    private JoinGroupResponse joinAs(String memberId, List<TopicPartition> owned, short version) {
        return requests.send(join(memberId, null, "range", subscription(owned, ConsumerProtocol.deserializeVersion(
                subscription(List.of(), (short) 3)))), version);
    }

    /** Joins a new dynamic member at v9 (MEMBER_ID_REQUIRED first) and syncs it; returns its id and generation. */
    private String[] newMember() {
        JoinGroupResponse first = joinAs("", List.of(), (short) 9);
        assertThat(first.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        JoinGroupResponse joined = joinAs(first.data().memberId(), List.of(), (short) 9);
        assertThat(joined.error()).isEqualTo(Errors.NONE);
        return new String[]{joined.data().memberId(), String.valueOf(joined.data().generationId())};
    }

    private SyncGroupResponse sync(String memberId, int generation, short version) {
        return requests.send(new SyncGroupRequest.Builder(new SyncGroupRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGenerationId(generation).setProtocolType("consumer").setProtocolName("range")
                .setAssignments(List.of())), version);
    }

    private HeartbeatResponse heartbeat(String memberId, int generation) {
        return requests.send(new HeartbeatRequest.Builder(new HeartbeatRequestData().setGroupId(GROUP)
                .setMemberId(memberId).setGenerationId(generation)), (short) 4);
    }

    private static List<TopicPartition> assignment(SyncGroupResponse response) {
        return ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(response.data().assignment())).partitions();
    }

    @Test
    void aJoiningMemberIsAFollowerWithTheCoordinatorsAssignment() {
        String[] member = newMember();
        JoinGroupResponse again = joinAs(member[0], List.of(), (short) 9);
        assertThat(again.isLeader()).isFalse();
        assertThat(again.data().leader()).isEmpty();
        assertThat(again.data().skipAssignment()).isFalse();
        assertThat(again.data().members()).isEmpty();
        assertThat(again.data().protocolType()).isEqualTo("consumer");
        assertThat(again.data().protocolName()).isEqualTo("range");

        SyncGroupResponse synced = sync(member[0], again.data().generationId(), (short) 5);
        assertThat(synced.error()).isEqualTo(Errors.NONE);
        assertThat(synced.data().protocolName()).isEqualTo("range");
        assertThat(assignment(synced)).containsExactlyInAnyOrder(
                new TopicPartition("orders", 0), new TopicPartition("orders", 1),
                new TopicPartition("orders", 2), new TopicPartition("orders", 3));
        assertThat(heartbeat(member[0], again.data().generationId()).error()).isEqualTo(Errors.NONE);
    }

    @Test
    void consumerProtocolRoundTripsAtEveryJoinAndSyncVersion() {
        for (short subscriptionVersion = 0; subscriptionVersion <= 3; subscriptionVersion++) {
            for (short joinVersion = ApiKeys.JOIN_GROUP.oldestVersion(); joinVersion <= ApiKeys.JOIN_GROUP.latestVersion(); joinVersion++) {
                setUp();
                ByteBuffer metadata = subscription(List.of(), subscriptionVersion);
                JoinGroupResponse joined = requests.send(join("", null, "cooperative-sticky", metadata), joinVersion);
                if (joined.error() == Errors.MEMBER_ID_REQUIRED) {
                    joined = requests.send(join(joined.data().memberId(), null, "cooperative-sticky",
                            subscription(List.of(), subscriptionVersion)), joinVersion);
                }
                assertThat(joined.error()).as("join v%s subscription v%s", joinVersion, subscriptionVersion).isEqualTo(Errors.NONE);
                if (joinVersion >= 7) {
                    assertThat(joined.data().protocolName()).isEqualTo("cooperative-sticky");
                }
                short syncVersion = (short) Math.min(joinVersion, ApiKeys.SYNC_GROUP.latestVersion());
                SyncGroupResponse synced = sync(joined.data().memberId(), joined.data().generationId(), syncVersion);
                assertThat(synced.error()).isEqualTo(Errors.NONE);
                ByteBuffer encoded = ByteBuffer.wrap(synced.data().assignment());
                assertThat(ConsumerProtocol.deserializeVersion(encoded.duplicate())).as("assignment at the subscription's version")
                        .isEqualTo(subscriptionVersion);
                Assignment decoded = ConsumerProtocol.deserializeAssignment(encoded);
                assertThat(decoded.partitions()).hasSize(4);
            }
        }
    }

    @Test
    void aSecondMemberMakesTheFirstRebalanceAndPartitionsMoveOnlyWhenReleased() {
        String[] a = newMember();
        int genA = Integer.parseInt(a[1]);
        List<TopicPartition> ownedByA = assignment(sync(a[0], genA, (short) 5));
        assertThat(ownedByA).hasSize(4);

        String[] b = newMember();
        SyncGroupResponse firstB = sync(b[0], Integer.parseInt(b[1]), (short) 5);
        assertThat(assignment(firstB)).as("nothing until A releases").isEmpty();

        assertThat(heartbeat(a[0], genA).error()).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        // A is cooperative: it still owns all four and says so when it joins again.
        JoinGroupResponse rejoinA = joinAs(a[0], ownedByA, (short) 9);
        List<TopicPartition> keptByA = assignment(sync(a[0], rejoinA.data().generationId(), (short) 5));
        assertThat(keptByA).hasSize(2);
        assertThat(coordinator.group(GROUP).members.get(a[0]).owned).as("still owns what it must revoke").hasSize(4);
        // After revoking, A joins again listing only what it kept: the other two are released.
        JoinGroupResponse releasedA = joinAs(a[0], keptByA, (short) 9);
        assertThat(assignment(sync(a[0], releasedA.data().generationId(), (short) 5))).containsExactlyInAnyOrderElementsOf(keptByA);
        assertThat(coordinator.group(GROUP).members.get(a[0]).owned).containsExactlyInAnyOrderElementsOf(keptByA);

        assertThat(heartbeat(b[0], Integer.parseInt(b[1])).error()).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        JoinGroupResponse rejoinB = joinAs(b[0], List.of(), (short) 9);
        List<TopicPartition> ownedByB = assignment(sync(b[0], rejoinB.data().generationId(), (short) 5));
        assertThat(ownedByB).hasSize(2).doesNotContainAnyElementsOf(keptByA);
        assertThat(coordinator.violations()).isEmpty();
    }

    @Test
    void aClientNeverGetsCreditForPartitionsItWasNotGiven() {
        String[] a = newMember();
        sync(a[0], Integer.parseInt(a[1]), (short) 5);
        String[] b = newMember();
        // B claims partitions it never received: the bridge reports only what B was given (nothing).
        JoinGroupResponse rejoin = joinAs(b[0], List.of(new TopicPartition("orders", 0)), (short) 9);
        assertThat(rejoin.error()).isEqualTo(Errors.NONE);
        assertThat(coordinator.group(GROUP).members.get(b[0]).owned).isEmpty();
        assertThat(coordinator.violations()).isEmpty();
    }

    @Test
    void staleGenerationsAndUnknownMembersAreRefused() {
        String[] a = newMember();
        int gen = Integer.parseInt(a[1]);
        assertThat(sync(a[0], gen + 7, (short) 5).error()).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(sync("nobody", gen, (short) 5).error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        sync(a[0], gen, (short) 5);
        assertThat(heartbeat(a[0], gen + 1).error()).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(heartbeat("nobody", gen).error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(joinAs("made-up-id", List.of(), (short) 9).error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aMemberTheCoordinatorForgotJoinsAgain() {
        String[] a = newMember();
        int gen = Integer.parseInt(a[1]);
        sync(a[0], gen, (short) 5);
        coordinator.expire(GROUP, a[0]);
        assertThat(heartbeat(a[0], gen).error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        JoinGroupResponse again = joinAs(a[0], List.of(), (short) 9);
        assertThat(again.error()).isEqualTo(Errors.NONE);
        assertThat(assignment(sync(a[0], again.data().generationId(), (short) 5))).hasSize(4);
    }

    @Test
    void otherProtocolTypesAreRefused() {
        JoinGroupRequest.Builder connect = new JoinGroupRequest.Builder(new JoinGroupRequestData().setGroupId(GROUP)
                .setMemberId("").setSessionTimeoutMs(10000).setRebalanceTimeoutMs(10000).setProtocolType("connect")
                .setProtocols(new JoinGroupRequestProtocolCollection(List.of(new JoinGroupRequestProtocol()
                        .setName("sessioned").setMetadata(new byte[]{1, 2, 3})).iterator())));
        assertThat(((JoinGroupResponse) requests.send(connect, (short) 9)).error()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        JoinGroupResponse garbage = requests.send(join("", "static-1", "range", ByteBuffer.wrap(new byte[]{9})), (short) 9);
        assertThat(garbage.error()).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
    }

    @Test
    void leaveAtEveryVersionAndStaticMembersLeaveWithMinusTwo() {
        for (short v = ApiKeys.LEAVE_GROUP.oldestVersion(); v <= ApiKeys.LEAVE_GROUP.latestVersion(); v++) {
            setUp();
            String[] a = newMember();
            LeaveGroupRequest.Builder leave = new LeaveGroupRequest.Builder(GROUP, List.of(new MemberIdentity().setMemberId(a[0])));
            LeaveGroupResponse response = requests.send(leave, v);
            assertThat(response.topLevelError()).as("v%s", v).isEqualTo(Errors.NONE);
            assertThat(response.memberResponses().stream().allMatch(m -> m.errorCode() == 0)).isTrue();
            assertThat(coordinator.group(GROUP).members).as("v%s", v).isEmpty();
        }
        setUp();
        JoinGroupResponse joined = requests.send(join("", "instance-1", "range", subscription(List.of(), (short) 3)), (short) 9);
        assertThat(joined.error()).as("a static member needs no MEMBER_ID_REQUIRED round").isEqualTo(Errors.NONE);
        LeaveGroupResponse left = requests.send(new LeaveGroupRequest.Builder(GROUP, List.of(
                new MemberIdentity().setMemberId(joined.data().memberId()).setGroupInstanceId("instance-1"))), (short) 5);
        assertThat(left.memberResponses().get(0).errorCode()).isZero();
        assertThat(coordinator.group(GROUP).members.get(joined.data().memberId()).departed).isTrue();
        LeaveGroupResponse unknown = requests.send(new LeaveGroupRequest.Builder(GROUP, List.of(
                new MemberIdentity().setMemberId("ghost"))), (short) 5);
        assertThat(Errors.forCode(unknown.memberResponses().get(0).errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void anAdminRemovesAStaticMemberForGood() {
        JoinGroupResponse joined = requests.send(join("", "instance-1", "range", subscription(List.of(), (short) 3)), (short) 9);
        LeaveGroupResponse removed = requests.send(new LeaveGroupRequest.Builder(GROUP, List.of(
                new MemberIdentity().setMemberId("").setGroupInstanceId("instance-1")
                        .setReason(ClassicGroupApis.ADMIN_LEAVE_REASON))), (short) 5);
        assertThat(removed.memberResponses().get(0).errorCode()).isZero();
        assertThat(coordinator.group(GROUP).members).doesNotContainKey(joined.data().memberId());
        assertThat(ClassicGroupApis.leavesForNow(new MemberIdentity().setMemberId("m").setGroupInstanceId("i")
                .setReason("the consumer is being closed"))).isTrue();
        assertThat(ClassicGroupApis.leavesForNow(new MemberIdentity().setMemberId("m").setGroupInstanceId("i")
                .setReason(ClassicGroupApis.ADMIN_LEAVE_REASON + ": rebalancing by hand"))).isFalse();
        assertThat(ClassicGroupApis.leavesForNow(new MemberIdentity().setMemberId("m"))).isFalse();
    }

    @Test
    void aRestartedStaticMemberTakesOverItsPartitions() {
        JoinGroupResponse first = requests.send(join("", "instance-1", "range", subscription(List.of(), (short) 3)), (short) 9);
        List<TopicPartition> owned = assignment(sync(first.data().memberId(), first.data().generationId(), (short) 5));
        JoinGroupResponse restarted = requests.send(join("", "instance-1", "range", subscription(List.of(), (short) 3)), (short) 9);
        assertThat(restarted.data().memberId()).isNotEqualTo(first.data().memberId());
        assertThat(new ArrayList<>(assignment(sync(restarted.data().memberId(), restarted.data().generationId(), (short) 5))))
                .containsExactlyInAnyOrderElementsOf(owned);
        assertThat(heartbeat(first.data().memberId(), first.data().generationId()).error()).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(requests.<JoinGroupResponse>send(join(first.data().memberId(), "instance-1", "range",
                subscription(List.of(), (short) 3)), (short) 9).error()).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(Set.copyOf(owned)).hasSize(4);
    }
}
