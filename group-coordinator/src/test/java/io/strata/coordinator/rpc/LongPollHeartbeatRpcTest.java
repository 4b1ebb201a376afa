package io.strata.coordinator.rpc;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.coordinator.CoordinatorTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.strata.coordinator.CoordinatorChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Long-poll heartbeats over gRPC: a member with nothing to do is held, and answered with the news
 * as soon as another member joins (not at the end of its wait); with no news, with interval 0 at
 * the end of its wait. Without the hold the answer would come at once with the 3 s interval.
 */
@QuarkusTest
@TestProfile(LongPollHeartbeatRpcTest.LongInterval.class)
class LongPollHeartbeatRpcTest extends CoordinatorTestBase {

    /** A heartbeat interval far longer than any wait below, so only news can end a hold early. */
    public static final class LongInterval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("strata.coordinator.heartbeat-interval", "20s", "strata.coordinator.session-timeout", "60s");
        }
    }

    private static final int LONGER_THAN_ANY_INTERVAL_MS = 30_000;
    private static final int WAIT_MS = 1_000;
    private final ExecutorService caller = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopCaller() {
        caller.shutdownNow();
    }

    private GroupHeartbeatRequest longPoll(String group, GroupHeartbeatResponse last, int waitMs) {
        return GroupHeartbeatRequest.newBuilder().setGroupId(group).setMemberId(last.getMemberId())
                .setMemberEpoch(last.getMemberEpoch()).setMaxWaitMs(waitMs).build();
    }

    @Test
    void aHeldMemberIsLetGoAsSoonAsAnotherJoins() {
        String group = uniqueGroup("long-poll");
        GroupHeartbeatResponse first = join(group, "orders");
        CompletableFuture<GroupHeartbeatResponse> held = CompletableFuture.supplyAsync(
                () -> coordinator.heartbeat(longPoll(group, first, LONGER_THAN_ANY_INTERVAL_MS)), caller);
        // Held: the member has nothing to do (no topics are known here, so it owns nothing and is given nothing).
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !held.isDone());

        GroupHeartbeatResponse second = join(group, "orders");

        // Let go long before the 20 s interval would end the hold, and answered with the news itself:
        // the group epoch moved, so the held member is at the new epoch without another heartbeat.
        // (Before, the let-go answer was the held one, the old epoch with interval 0, and only the
        // member's next heartbeat fetched the news: one more round trip per rebalance step.)
        GroupHeartbeatResponse answer = await().atMost(Duration.ofSeconds(5)).until(() -> held.getNow(null), a -> a != null);
        assertThat(second.getMemberEpoch()).isGreaterThan(first.getMemberEpoch());
        assertThat(answer.getMemberEpoch()).isEqualTo(second.getMemberEpoch());
        assertThat(answer.getMemberId()).isEqualTo(first.getMemberId());
        assertThat(answer.getHeartbeatIntervalMs()).isPositive();
        // What it answered is the member's state: a heartbeat at that epoch is in step, nothing changes.
        GroupHeartbeatResponse next = beat(group, answer);
        assertThat(next.getMemberEpoch()).isEqualTo(second.getMemberEpoch());
        // And one at the epoch it held with, as a member that never read the answer sends, is still
        // accepted (a lost answer): it is told the same epoch again.
        assertThat(beat(group, first).getMemberEpoch()).isEqualTo(second.getMemberEpoch());
    }

    @Test
    void withoutNewsTheAnswerComesAtTheEndOfTheWait() {
        String group = uniqueGroup("long-poll-quiet");
        GroupHeartbeatResponse joined = join(group, "orders");
        long start = System.nanoTime();
        GroupHeartbeatResponse answer = coordinator.heartbeat(longPoll(group, joined, WAIT_MS));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMs).isGreaterThanOrEqualTo(WAIT_MS - 50L).isLessThan(joined.getHeartbeatIntervalMs());
        assertThat(answer.getHeartbeatIntervalMs()).isZero();
        assertThat(answer.getMemberEpoch()).isEqualTo(joined.getMemberEpoch());
        assertThat(beat(group, joined).getMemberEpoch()).isEqualTo(joined.getMemberEpoch());
    }

    @Test
    void aJoinIsNeverHeldAndANegativeWaitIsRefused() {
        String group = uniqueGroup("long-poll-join");
        long start = System.nanoTime();
        GroupHeartbeatResponse joined = coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(group)
                .setMemberEpoch(0).setMaxWaitMs(60_000)
                .setSubscription(io.strata.api.v1.GroupSubscription.newBuilder().addTopicNames("orders")).build());
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        assertThat(joined.getHeartbeatIntervalMs()).isPositive();
        assertRefused(() -> coordinator.heartbeat(longPoll(group, joined, -1)), ErrorCode.INVALID_REQUEST, "max_wait_ms");
    }
}
