package io.strata.coordinator.rpc;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.ConsumerInstance;
import io.strata.api.v1.ConsumerPosition;
import io.strata.api.v1.CreateConsumerInstanceRequest;
import io.strata.api.v1.CreateConsumerInstanceResponse;
import io.strata.api.v1.DeleteConsumerInstanceRequest;
import io.strata.api.v1.DeleteGroupRequest;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GetConsumerInstanceRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.ListConsumerInstancesRequest;
import io.strata.api.v1.UpdateConsumerInstanceRequest;
import io.strata.coordinator.CoordinatorTestBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.strata.coordinator.CoordinatorChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** REST consumer instances stored in the coordinator: create, read, update, delete, list, idle expiry. */
@QuarkusTest
class ConsumerInstanceRpcTest extends CoordinatorTestBase {

    private CreateConsumerInstanceResponse create(String group, String name, long idleTimeoutMs) {
        return coordinator.createConsumerInstance(CreateConsumerInstanceRequest.newBuilder().setGroupId(group).setName(name)
                .setFormat("json").putConfigs("auto.offset.reset", "earliest").putConfigs("odd key=\n", "a=b\nc")
                .setIdleTimeoutMs(idleTimeoutMs).build());
    }

    private ConsumerInstance get(String group, String name, boolean touch) {
        return coordinator.getConsumerInstance(GetConsumerInstanceRequest.newBuilder().setGroupId(group).setName(name)
                .setTouch(touch).build()).getInstance();
    }

    private static ConsumerPosition position(String topic, int partition, long offset) {
        return ConsumerPosition.newBuilder().setTopic(topic).setPartition(partition).setOffset(offset).build();
    }

    @Test
    void anInstanceIsCreatedOnceReadUpdatedAndDeleted() throws InterruptedException {
        String group = uniqueGroup("rest");
        CreateConsumerInstanceResponse created = create(group, "c1", 0);
        assertThat(created.getCreated()).isTrue();
        ConsumerInstance instance = created.getInstance();
        assertThat(instance.getConfigsMap()).containsEntry("odd key=\n", "a=b\nc").containsEntry("auto.offset.reset", "earliest");
        assertThat(instance.getIdleTimeoutMs()).as("the default: 5 minutes").isEqualTo(300_000);
        assertThat(instance.getVersion()).isEqualTo(1);
        assertThat(instance.hasSubscription()).isFalse();

        CreateConsumerInstanceResponse again = create(group, "c1", 1000);
        assertThat(again.getCreated()).isFalse();
        assertThat(again.getInstance()).isEqualTo(instance);

        Thread.sleep(5); // so that a touch moves the clock visibly
        assertThat(get(group, "c1", false).getLastSeenMs()).isEqualTo(instance.getLastSeenMs());
        assertThat(get(group, "c1", true).getLastSeenMs()).isGreaterThan(instance.getLastSeenMs());

        ConsumerInstance updated = coordinator.updateConsumerInstance(UpdateConsumerInstanceRequest.newBuilder()
                .setGroupId(group).setName("c1").setMemberId("m-1").setMemberEpoch(4)
                .setSubscription(GroupSubscription.newBuilder().addTopicNames("orders").addTopicNames("audit"))
                .addPositions(position("orders", 0, 10)).addPositions(position("orders", 1, 3))
                .setExpectedVersion(1).build()).getInstance();
        assertThat(updated.getVersion()).isEqualTo(2);
        assertThat(updated.getMemberId()).isEqualTo("m-1");
        assertThat(updated.getMemberEpoch()).isEqualTo(4);
        assertThat(updated.getSubscription().getTopicNamesList()).containsExactly("orders", "audit");
        assertThat(updated.getPositionsList()).containsExactly(position("orders", 0, 10), position("orders", 1, 3));

        ConsumerInstance moved = coordinator.updateConsumerInstance(UpdateConsumerInstanceRequest.newBuilder()
                .setGroupId(group).setName("c1").addPositions(position("orders", 1, 8)).build()).getInstance();
        assertThat(moved.getPositionsList()).containsExactly(position("orders", 0, 10), position("orders", 1, 8));
        assertThat(moved.getMemberId()).as("fields not present stay").isEqualTo("m-1");
        ConsumerInstance replaced = coordinator.updateConsumerInstance(UpdateConsumerInstanceRequest.newBuilder()
                .setGroupId(group).setName("c1").setReplacePositions(true).addPositions(position("audit", 0, 1))
                .setSubscription(GroupSubscription.newBuilder().setTopicRegex("au.*")).build()).getInstance();
        assertThat(replaced.getPositionsList()).containsExactly(position("audit", 0, 1));
        assertThat(replaced.getSubscription().getTopicRegex()).isEqualTo("au.*");
        assertThat(get(group, "c1", false)).isEqualTo(replaced);

        assertRefused(() -> coordinator.updateConsumerInstance(UpdateConsumerInstanceRequest.newBuilder().setGroupId(group)
                .setName("c1").setExpectedVersion(2).build()), ErrorCode.INVALID_REQUEST, "expected_version: 2");
        assertRefused(() -> coordinator.updateConsumerInstance(UpdateConsumerInstanceRequest.newBuilder().setGroupId(group)
                .setName("c1").addPositions(position("orders", 0, -2)).build()), ErrorCode.INVALID_REQUEST, "-2");

        create(group, "c2", 0);
        assertThat(coordinator.listConsumerInstances(ListConsumerInstancesRequest.newBuilder().setGroupId(group).build())
                .getInstancesList()).extracting(ConsumerInstance::getName).containsExactly("c1", "c2");

        coordinator.deleteConsumerInstance(DeleteConsumerInstanceRequest.newBuilder().setGroupId(group).setName("c1").build());
        assertRefused(() -> get(group, "c1", false), ErrorCode.UNKNOWN_CONSUMER_INSTANCE, "c1");
        assertRefused(() -> coordinator.deleteConsumerInstance(DeleteConsumerInstanceRequest.newBuilder().setGroupId(group)
                .setName("c1").build()), ErrorCode.UNKNOWN_CONSUMER_INSTANCE, "c1");

        assertThat(coordinator.deleteGroup(DeleteGroupRequest.newBuilder().setGroupId(group).build()).getDeletedInstances())
                .isEqualTo(1);
        assertRefused(() -> get(group, "c2", false), ErrorCode.UNKNOWN_CONSUMER_INSTANCE, "c2");
    }

    @Test
    void deletingAnInstanceRemovesItsMemberFromTheGroup() {
        String group = uniqueGroup("rest-member");
        create(group, "c1", 0);
        GroupHeartbeatResponse member = join(group, "orders");
        coordinator.updateConsumerInstance(UpdateConsumerInstanceRequest.newBuilder().setGroupId(group).setName("c1")
                .setMemberId(member.getMemberId()).setMemberEpoch(member.getMemberEpoch()).build());

        coordinator.deleteConsumerInstance(DeleteConsumerInstanceRequest.newBuilder().setGroupId(group).setName("c1").build());
        assertThat(coordinator.describeGroups(DescribeGroupsRequest.newBuilder().addGroupIds(group).build()).getGroups(0)
                .getMembersList()).isEmpty();
        assertRefused(() -> beat(group, member), ErrorCode.UNKNOWN_MEMBER_ID, member.getMemberId());
    }

    @Test
    void anIdleInstanceExpiresAndTakesItsMemberWithIt() {
        String group = uniqueGroup("rest-idle");
        create(group, "idle", 700);
        create(group, "busy", 60_000);
        GroupHeartbeatResponse member = join(group, "orders");
        coordinator.updateConsumerInstance(UpdateConsumerInstanceRequest.newBuilder().setGroupId(group).setName("idle")
                .setMemberId(member.getMemberId()).setMemberEpoch(member.getMemberEpoch()).build());

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                coordinator.listConsumerInstances(ListConsumerInstancesRequest.newBuilder().setGroupId(group).build())
                        .getInstancesList().stream().noneMatch(instance -> instance.getName().equals("idle")));
        assertThat(get(group, "busy", false).getName()).isEqualTo("busy");
        assertRefused(() -> beat(group, member), ErrorCode.UNKNOWN_MEMBER_ID, member.getMemberId());
    }

    @Test
    void malformedInstanceRequestsAreRefused() {
        assertRefused(() -> create("", "c", 0), ErrorCode.INVALID_GROUP_ID, "group_id");
        assertRefused(() -> create(uniqueGroup("bad"), " ", 0), ErrorCode.INVALID_REQUEST, "name");
        assertRefused(() -> create(uniqueGroup("bad"), "c", -1), ErrorCode.INVALID_REQUEST, "idle_timeout_ms");
        assertRefused(() -> get(uniqueGroup("none"), "c", true), ErrorCode.UNKNOWN_CONSUMER_INSTANCE, "c");
    }
}
