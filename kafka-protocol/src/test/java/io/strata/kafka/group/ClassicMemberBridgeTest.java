package io.strata.kafka.group;

import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommitOffsetsResponse;
import io.strata.api.v1.DeleteGroupRequest;
import io.strata.api.v1.DeleteGroupResponse;
import io.strata.api.v1.DeleteOffsetsRequest;
import io.strata.api.v1.DeleteOffsetsResponse;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.DescribeGroupsResponse;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.FetchOffsetsResponse;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.ListGroupsRequest;
import io.strata.api.v1.ListGroupsResponse;
import io.strata.kafka.backend.GroupBackend;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The bridge on its own: one member's steps in order, the bounds on what it keeps. */
class ClassicMemberBridgeTest {

    /** Holds every coordinator heartbeat until the test lets it through to the fake. */
    private static class GatedCoordinator implements GroupBackend {
        final FakeGroupCoordinator fake = new FakeGroupCoordinator(Map.of("t", 2));
        final Deque<Runnable> held = new ArrayDeque<>();
        int inFlight;
        int maxInFlight;

        @Override
        public synchronized CompletionStage<GroupHeartbeatResponse> heartbeat(GroupHeartbeatRequest request) {
            CompletableFuture<GroupHeartbeatResponse> answer = new CompletableFuture<>();
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            held.add(() -> fake.heartbeat(request).whenComplete((r, t) -> {
                synchronized (this) {
                    inFlight--;
                }
                if (t != null) {
                    answer.completeExceptionally(t);
                } else {
                    answer.complete(r);
                }
            }));
            return answer;
        }

        void releaseAll() {
            while (true) {
                Runnable next;
                synchronized (this) {
                    next = held.poll();
                }
                if (next == null) {
                    return;
                }
                next.run();
            }
        }

        @Override
        public CompletionStage<CommitOffsetsResponse> commitOffsets(CommitOffsetsRequest request) {
            return fake.commitOffsets(request);
        }

        @Override
        public CompletionStage<FetchOffsetsResponse> fetchOffsets(FetchOffsetsRequest request) {
            return fake.fetchOffsets(request);
        }

        @Override
        public CompletionStage<ListGroupsResponse> listGroups(ListGroupsRequest request) {
            return fake.listGroups(request);
        }

        @Override
        public CompletionStage<DescribeGroupsResponse> describeGroups(DescribeGroupsRequest request) {
            return fake.describeGroups(request);
        }

        @Override
        public CompletionStage<DeleteGroupResponse> deleteGroup(DeleteGroupRequest request) {
            return fake.deleteGroup(request);
        }

        @Override
        public CompletionStage<DeleteOffsetsResponse> deleteOffsets(DeleteOffsetsRequest request) {
            return fake.deleteOffsets(request);
        }
    }

    private static ClassicMemberBridge.Join join(String memberId, Set<TopicPartition> owned) {
        return new ClassicMemberBridge.Join("g", memberId, null, "client", "/127.0.0.1", List.of("t"), owned, "range",
                (short) 3, 60000, 45000, true);
    }

    @Test
    void aMembersStepsReachTheCoordinatorOneAtATimeInArrivalOrder() {
        GatedCoordinator coordinator = new GatedCoordinator();
        ClassicMemberBridge bridge = new ClassicMemberBridge(coordinator, () -> 0L, () -> "m-1", ClassicMemberBridge.Limits.DEFAULT);
        ClassicMemberBridge.JoinResult required = bridge.join(join("", Set.of())).toCompletableFuture().join();
        assertThat(required.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        CompletableFuture<ClassicMemberBridge.JoinResult> joined = bridge.join(join("m-1", Set.of())).toCompletableFuture();
        coordinator.releaseAll();
        int generation = joined.join().generation();
        bridge.sync("g", "m-1", generation).toCompletableFuture().join();

        // A heartbeat, a rejoin that gives everything up, and another heartbeat, all sent at once.
        CompletableFuture<Errors> first = bridge.heartbeat("g", "m-1", generation).toCompletableFuture();
        CompletableFuture<ClassicMemberBridge.JoinResult> rejoin = bridge.join(join("m-1", Set.of())).toCompletableFuture();
        CompletableFuture<Errors> second = bridge.heartbeat("g", "m-1", generation).toCompletableFuture();
        assertThat(coordinator.held).as("later steps wait for the first").hasSize(1);
        coordinator.releaseAll();
        assertThat(first.join()).isEqualTo(Errors.NONE);
        assertThat(rejoin.join().error()).isEqualTo(Errors.NONE);
        assertThat(second.join()).as("the rejoin's generation is the same epoch here").isIn(Errors.NONE, Errors.ILLEGAL_GENERATION);
        assertThat(coordinator.maxInFlight).isEqualTo(1);
        assertThat(coordinator.fake.group("g").members.get("m-1").owned).as("the rejoin's report came last").isEmpty();
        assertThat(coordinator.fake.violations()).isEmpty();
    }

    /** The fake behind a pool: answers arrive on other threads, after a random short delay. */
    private static GroupBackend asynchronous(FakeGroupCoordinator fake, ScheduledExecutorService pool, long seed) {
        Random random = new Random(seed);
        return new GatedCoordinator() {
            @Override
            public CompletionStage<GroupHeartbeatResponse> heartbeat(GroupHeartbeatRequest request) {
                long delayMicros;
                synchronized (random) {
                    delayMicros = random.nextInt(500);
                }
                CompletableFuture<GroupHeartbeatResponse> answer = new CompletableFuture<>();
                pool.schedule(() -> fake.heartbeat(request).whenComplete((r, t) -> {
                    if (t != null) {
                        answer.completeExceptionally(t);
                    } else {
                        answer.complete(r);
                    }
                }), delayMicros, TimeUnit.MICROSECONDS);
                return answer;
            }
        };
    }

    @Test
    void membersOnManyThreadsAgainstAnAsynchronousCoordinatorNeverShareAPartition() throws Exception {
        FakeGroupCoordinator fake = new FakeGroupCoordinator(Map.of("t", 12));
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(4);
        AtomicLong ids = new AtomicLong();
        ClassicMemberBridge bridge = new ClassicMemberBridge(asynchronous(fake, pool, 42), () -> 0L,
                () -> "m-" + ids.incrementAndGet(), ClassicMemberBridge.Limits.DEFAULT);
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                boolean cooperative = c % 2 == 0;
                runs.add(clients.submit(() -> runClient(bridge, cooperative, 150)));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
            pool.shutdownNow();
        }
        assertThat(fake.violations()).isEmpty();
    }

    /** A classic client's loop, reduced: join (twice for the member id), sync, heartbeat, rejoin when told. */
    private static void runClient(ClassicMemberBridge bridge, boolean cooperative, int steps) {
        String memberId = "";
        int generation = -1;
        Set<TopicPartition> held = Set.of();
        boolean joined = false;
        for (int step = 0; step < steps; step++) {
            if (!joined) {
                ClassicMemberBridge.JoinResult result = bridge.join(join(memberId, cooperative ? held : Set.of()))
                        .toCompletableFuture().join();
                memberId = result.memberId();
                if (result.error() == Errors.NONE) {
                    generation = result.generation();
                    ClassicMemberBridge.SyncResult synced = bridge.sync("g", memberId, generation).toCompletableFuture().join();
                    if (synced.error() == Errors.NONE) {
                        held = synced.member().given();
                        joined = true;
                    }
                } else if (result.error() != Errors.MEMBER_ID_REQUIRED) {
                    held = Set.of();
                    memberId = "";
                }
                continue;
            }
            Errors error = bridge.heartbeat("g", memberId, generation).toCompletableFuture().join();
            if (error != Errors.NONE) {
                joined = false;
                if (!cooperative || error != Errors.REBALANCE_IN_PROGRESS) {
                    held = Set.of();
                }
            }
        }
        bridge.leave("g", memberId, null, false).toCompletableFuture().join();
    }

    @Test
    void pendingMemberIdsAndMembersAreBounded() {
        AtomicLong ids = new AtomicLong();
        AtomicLong now = new AtomicLong();
        FakeGroupCoordinator coordinator = new FakeGroupCoordinator(Map.of("t", 2));
        ClassicMemberBridge bridge = new ClassicMemberBridge(coordinator, now::get, () -> "m-" + ids.incrementAndGet(),
                new ClassicMemberBridge.Limits(2, 3));
        for (int i = 0; i < 5; i++) {
            bridge.join(join("", Set.of())).toCompletableFuture().join();
        }
        // m-1 and m-2 were forgotten (only the newest 3 ids are kept); m-5 is still pending.
        assertThat(bridge.join(join("m-1", Set.of())).toCompletableFuture().join().error()).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(bridge.join(join("m-5", Set.of())).toCompletableFuture().join().error()).isEqualTo(Errors.NONE);
        assertThat(bridge.join(join("m-4", Set.of())).toCompletableFuture().join().error()).isEqualTo(Errors.NONE);
        assertThat(bridge.join(join("m-3", Set.of())).toCompletableFuture().join().error()).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
        now.addAndGet(45001); // past m-5's and m-4's session timeout: their places can be reused
        bridge.join(join("", Set.of())).toCompletableFuture().join();
        assertThat(bridge.join(join("m-6", Set.of())).toCompletableFuture().join().error()).isEqualTo(Errors.NONE);
        assertThat(bridge.size()).isLessThanOrEqualTo(2);
    }

    @Test
    void aCommitCarriesTheCurrentEpochOnlyForTheJoinedGeneration() {
        FakeGroupCoordinator coordinator = new FakeGroupCoordinator(Map.of("t", 2));
        ClassicMemberBridge bridge = new ClassicMemberBridge(coordinator, () -> 0L, () -> "m-1", ClassicMemberBridge.Limits.DEFAULT);
        bridge.join(join("", Set.of()));
        int generation = bridge.join(join("m-1", Set.of())).toCompletableFuture().join().generation();
        assertThat(identity(bridge, "m-1", generation))
                .isEqualTo(new ClassicMemberBridge.CommitIdentity(Errors.NONE, "m-1", generation));
        assertThat(identity(bridge, "m-1", generation - 1).error()).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(bridge.commitStep("g", "kip848-member", 3, CompletableFuture::completedFuture)).isEmpty();
    }

    private static ClassicMemberBridge.CommitIdentity identity(ClassicMemberBridge bridge, String memberId, int generation) {
        return bridge.commitStep("g", memberId, generation, CompletableFuture::completedFuture).orElseThrow()
                .toCompletableFuture().join();
    }
}
