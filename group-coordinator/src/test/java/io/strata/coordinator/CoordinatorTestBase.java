package io.strata.coordinator;

import io.quarkus.test.common.http.TestHTTPResource;
import io.strata.api.v1.GroupCoordinatorServiceGrpc;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.net.URL;
import java.util.List;
import java.util.UUID;

/**
 * For {@code @QuarkusTest}s of the gRPC API: a channel to the test application's HTTP port (gRPC is
 * served there). All test classes share one application and one embedded PostgreSQL whose data
 * outlives the run, so tests name their groups uniquely and never assume an empty database. No
 * metadata service runs: no topics are known, so members join with empty assignments.
 */
public abstract class CoordinatorTestBase {

    @TestHTTPResource("/")
    protected URL root;

    protected CoordinatorChannel channel;
    protected GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator;

    @BeforeEach
    void openChannel() {
        channel = new CoordinatorChannel(root.getPort());
        coordinator = channel.blocking();
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.close();
    }

    /** A group id no other test or run uses. */
    protected static String uniqueGroup(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected GroupHeartbeatResponse join(String groupId, String... topics) {
        return coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(groupId).setMemberEpoch(0)
                .setSubscription(GroupSubscription.newBuilder().addAllTopicNames(List.of(topics))).build());
    }

    protected GroupHeartbeatResponse beat(String groupId, GroupHeartbeatResponse last) {
        return coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(groupId)
                .setMemberId(last.getMemberId()).setMemberEpoch(last.getMemberEpoch()).build());
    }

    protected GroupHeartbeatResponse leave(String groupId, String memberId) {
        return coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(groupId)
                .setMemberId(memberId).setMemberEpoch(-1).build());
    }
}
