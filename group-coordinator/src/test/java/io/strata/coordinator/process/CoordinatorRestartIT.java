package io.strata.coordinator.process;

import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.CreateConsumerInstanceRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.FetchOffsetsResponse;
import io.strata.api.v1.GetConsumerInstanceRequest;
import io.strata.api.v1.GroupCoordinatorServiceGrpc;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.UpdateConsumerInstanceRequest;
import io.strata.api.v1.ConsumerPosition;
import io.strata.coordinator.CoordinatorChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.strata.coordinator.CoordinatorChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator as a real process with its embedded PostgreSQL: committed offsets and consumer
 * instances survive a clean restart and a SIGKILL; membership does not (a member heartbeating
 * after the restart is told UNKNOWN_MEMBER_ID, joins again, and commits at its new epoch).
 */
class CoordinatorRestartIT {

    private static final String GROUP = "restart-group";

    @TempDir
    Path workDir;

    private Map<String, String> properties() {
        return Map.of("strata.coordinator.data-dir", workDir.resolve("coordinator").toString());
    }

    private static GroupHeartbeatResponse join(GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator) {
        return coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(GROUP).setMemberEpoch(0)
                .setSubscription(GroupSubscription.newBuilder().addTopicNames("orders")).build());
    }

    private static void commit(GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator,
                               GroupHeartbeatResponse member, long offset) {
        coordinator.commitOffsets(CommitOffsetsRequest.newBuilder().setGroupId(GROUP).setMemberId(member.getMemberId())
                .setMemberEpoch(member.getMemberEpoch())
                .addOffsets(CommittedOffset.newBuilder().setTopic("orders").setPartition(0).setOffset(offset)
                        .setMetadata("before restart"))
                .build());
    }

    private static FetchOffsetsResponse fetch(GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator) {
        return coordinator.fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(GROUP).build());
    }

    @Test
    void offsetsAndInstancesSurviveRestartsAndMembersJoinAgain() throws Exception {
        GroupHeartbeatResponse member;
        FetchOffsetsResponse before;
        try (ServiceUnderTest first = ServiceUnderTest.start("first", workDir, properties());
             CoordinatorChannel channel = new CoordinatorChannel(first.port())) {
            GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator = channel.blocking();
            member = join(coordinator);
            commit(coordinator, member, 41);
            coordinator.createConsumerInstance(CreateConsumerInstanceRequest.newBuilder().setGroupId(GROUP).setName("rest-1")
                    .setFormat("binary").build());
            coordinator.updateConsumerInstance(UpdateConsumerInstanceRequest.newBuilder().setGroupId(GROUP).setName("rest-1")
                    .addPositions(ConsumerPosition.newBuilder().setTopic("orders").setPartition(0).setOffset(17)).build());
            before = fetch(coordinator);
            first.stop();
        }

        try (ServiceUnderTest second = ServiceUnderTest.start("second", workDir, properties());
             CoordinatorChannel channel = new CoordinatorChannel(second.port())) {
            GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator = channel.blocking();
            assertThat(fetch(coordinator)).isEqualTo(before);
            GroupHeartbeatResponse stale = member;
            assertRefused(() -> coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(GROUP)
                    .setMemberId(stale.getMemberId()).setMemberEpoch(stale.getMemberEpoch()).build()),
                    ErrorCode.UNKNOWN_MEMBER_ID, "join again");
            assertRefused(() -> commit(coordinator, stale, 99), ErrorCode.UNKNOWN_MEMBER_ID, stale.getMemberId());
            member = join(coordinator);
            commit(coordinator, member, 42);
            second.kill();
        }

        try (ServiceUnderTest third = ServiceUnderTest.start("third", workDir, properties());
             CoordinatorChannel channel = new CoordinatorChannel(third.port())) {
            GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator = channel.blocking();
            assertThat(third.log()).contains("stopping orphaned PostgreSQL");
            CommittedOffset committed = fetch(coordinator).getOffsets(0);
            assertThat(committed.getOffset()).isEqualTo(42);
            assertThat(committed.getMetadata()).isEqualTo("before restart");
            assertThat(coordinator.getConsumerInstance(GetConsumerInstanceRequest.newBuilder().setGroupId(GROUP)
                    .setName("rest-1").build()).getInstance().getPositions(0).getOffset()).isEqualTo(17);
            third.stop();
        }
    }
}
