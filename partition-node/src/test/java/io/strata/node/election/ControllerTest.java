package io.strata.node.election;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.node.balance.AutoBalancer;
import io.strata.node.balance.BalancePlanner;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerTest {

    /** Records calls; answers each with the next scripted failure, else success at an increasing version. */
    static final class FakeRpc implements ControllerRpc {
        final List<String> calls = new ArrayList<>();
        /** One entry per coming call: a failure, or empty for success; no entry left: success. */
        final Deque<Optional<ErrorCode>> script = new ArrayDeque<>();
        long version = 100;

        @Override
        public void claim(int nodeId, long epoch) {
            calls.add("claim " + nodeId + "@" + epoch);
            maybeFail();
        }

        @Override
        public long elect(int nodeId, long epoch, List<Election> elections) {
            calls.add("elect " + nodeId + "@" + epoch + " " + elections.stream().map(e -> e.reason() == Election.Reason.FENCED
                    ? e.name() + " fences " + e.fenced() : e.name() + "→" + e.leader()).toList());
            maybeFail();
            return ++version;
        }

        @Override
        public long reassign(List<BalancePlanner.Placement> targets) {
            calls.add("reassign " + targets.stream().map(t -> t.name() + "→" + t.replicas()).toList());
            maybeFail();
            return ++version;
        }

        private void maybeFail() {
            Optional<ErrorCode> failure = script.poll();
            if (failure != null && failure.isPresent()) {
                throw new StrataException(failure.get(), "scripted " + failure.get());
            }
        }
    }

    private final FakeRpc rpc = new FakeRpc();
    private long nowMs = 1_000;
    private final Controller controller = new Controller(2, rpc, 2, true, 0, () -> nowMs);

    private static MetadataState metadata(long version, Set<Integer> up, PartitionLeadership... partitions) {
        return new MetadataState(version, List.of(partitions), up);
    }

    private static PartitionLeadership led(String topic, int index, int leader) {
        return new PartitionLeadership(topic, index, List.of(1, 2, 3), leader, List.of(1, 2, 3), false);
    }

    /** After an election that moved it off dead node 1: ISR of the live members. */
    private static PartitionLeadership ledWithoutNode1(String topic, int index, int leader) {
        return new PartitionLeadership(topic, index, List.of(1, 2, 3), leader, List.of(2, 3), false);
    }

    @Test
    void aFollowerNeverActs() {
        controller.onView(Set.of(2, 3));
        controller.onMetadata(metadata(10, Set.of(1, 2, 3), led("t", 0, 1)));
        controller.onRaftRole(false, 3);
        controller.tick();

        assertThat(rpc.calls).isEmpty();
        assertThat(controller.role()).isEqualTo(new ControllerRole.Standby());
    }

    @Test
    void theRaftLeaderClaimsItsTermThenMovesTheDeadNodesPartitions() {
        controller.onView(Set.of(2, 3));
        controller.onMetadata(metadata(10, Set.of(1, 2, 3), led("t", 0, 1), led("t", 1, 2), led("u", 0, 1)));
        controller.onRaftRole(true, 4);

        assertThat(controller.role()).isEqualTo(new ControllerRole.Acting(4));
        assertThat(rpc.calls).as("t-1 keeps its leader; dead node 1 leaves its ISR, after the leaderless are elected")
                .containsExactly("claim 2@4", "elect 2@4 [t-0→2, u-0→2]", "elect 2@4 [t-1 fences [1]]");
    }

    @Test
    void electionsAreBatchedByTheConfiguredLimit() {
        controller.onView(Set.of(1, 2));
        controller.onMetadata(metadata(10, Set.of(1, 2, 3), led("t", 0, 3), led("t", 1, 3), led("t", 2, 3)));
        controller.onRaftRole(true, 1);

        assertThat(rpc.calls).containsExactly("claim 2@1", "elect 2@1 [t-0→1, t-1→1]", "elect 2@1 [t-2→1]");
    }

    @Test
    void nothingIsDecidedBeforeTheFirstViewAndMetadata() {
        controller.onRaftRole(true, 1);
        controller.onMetadata(metadata(10, Set.of(1, 2, 3), led("t", 0, 1)));
        assertThat(rpc.calls).containsExactly("claim 2@1");

        controller.onView(Set.of(2, 3));
        assertThat(rpc.calls).containsExactly("claim 2@1", "elect 2@1 [t-0→2]");
    }

    @Test
    void aFailedClaimIsRetriedAtTheNextTick() {
        rpc.script.add(Optional.of(ErrorCode.NODE_NOT_AVAILABLE));
        controller.onView(Set.of(1, 2, 3));
        controller.onMetadata(metadata(10, Set.of(1, 2, 3), led("t", 0, 1)));
        controller.onRaftRole(true, 5);
        assertThat(controller.role()).isEqualTo(new ControllerRole.Claiming(5));

        controller.tick();
        assertThat(controller.role()).isEqualTo(new ControllerRole.Acting(5));
        assertThat(rpc.calls).containsExactly("claim 2@5", "claim 2@5");
    }

    @Test
    void aStaleClaimDeposesUntilANewTerm() {
        rpc.script.add(Optional.of(ErrorCode.STALE_CONTROLLER_EPOCH));
        controller.onView(Set.of(2, 3));
        controller.onMetadata(metadata(10, Set.of(1, 2, 3), led("t", 0, 1)));
        controller.onRaftRole(true, 5);
        controller.tick();

        assertThat(controller.role()).isEqualTo(new ControllerRole.Deposed(5));
        assertThat(rpc.calls).containsExactly("claim 2@5");

        controller.onRaftRole(true, 7);
        assertThat(controller.role()).isEqualTo(new ControllerRole.Acting(7));
        assertThat(rpc.calls).containsExactly("claim 2@5", "claim 2@7", "elect 2@7 [t-0→2]");
    }

    @Test
    void aStaleElectionDeposes() {
        controller.onView(Set.of(2, 3));
        controller.onMetadata(metadata(10, Set.of(1, 2, 3), led("t", 0, 1)));
        rpc.script.addAll(List.of(Optional.empty(), Optional.of(ErrorCode.STALE_CONTROLLER_EPOCH)));
        controller.onRaftRole(true, 5);
        controller.tick();

        assertThat(controller.role()).isEqualTo(new ControllerRole.Deposed(5));
        assertThat(rpc.calls).containsExactly("claim 2@5", "elect 2@5 [t-0→2]");
    }

    @Test
    void aTransientElectionFailureIsRetriedAtTheNextTick() {
        controller.onView(Set.of(2, 3));
        controller.onMetadata(metadata(10, Set.of(1, 2, 3), led("t", 0, 1)));
        rpc.script.addAll(List.of(Optional.empty(), Optional.of(ErrorCode.REQUEST_TIMED_OUT)));
        controller.onRaftRole(true, 5);
        controller.tick();

        assertThat(controller.role()).isEqualTo(new ControllerRole.Acting(5));
        assertThat(rpc.calls).containsExactly("claim 2@5", "elect 2@5 [t-0→2]", "elect 2@5 [t-0→2]");
    }

    @Test
    void anAcceptedElectionIsNotRepeatedBeforeTheMetadataShowsIt() {
        controller.onView(Set.of(2, 3));
        controller.onMetadata(metadata(10, Set.of(1, 2, 3), led("t", 0, 1)));
        controller.onRaftRole(true, 5);
        assertThat(rpc.calls).containsExactly("claim 2@5", "elect 2@5 [t-0→2]");

        controller.tick();
        controller.onView(Set.of(2, 3));
        controller.onMetadata(metadata(11, Set.of(1, 2, 3), led("t", 0, 1)));
        assertThat(rpc.calls).hasSize(2);

        controller.onMetadata(metadata(101, Set.of(1, 2, 3), ledWithoutNode1("t", 0, 2)));
        controller.tick();
        assertThat(rpc.calls).hasSize(2);
    }

    @Test
    void olderMetadataThanTheLastCopyIsIgnored() {
        controller.onView(Set.of(2, 3));
        controller.onMetadata(metadata(10, Set.of(1, 2, 3), ledWithoutNode1("t", 0, 2)));
        controller.onMetadata(metadata(9, Set.of(1, 2, 3), led("t", 0, 1)));
        controller.onRaftRole(true, 5);

        assertThat(rpc.calls).containsExactly("claim 2@5");
    }

    @Test
    void losingRaftLeadershipStopsActing() {
        controller.onView(Set.of(1, 2, 3));
        controller.onMetadata(metadata(10, Set.of(1, 2, 3), led("t", 0, 1)));
        controller.onRaftRole(true, 5);
        controller.onRaftRole(false, 5);
        controller.onView(Set.of(2, 3));
        controller.tick();

        assertThat(controller.role()).isEqualTo(new ControllerRole.Standby());
        assertThat(rpc.calls).containsExactly("claim 2@5");
    }

    @Test
    void aRefusedBatchIsSentOneByOneSoTheOthersGoThrough() {
        controller.onView(Set.of(1, 2));
        controller.onMetadata(metadata(10, Set.of(1, 2, 3), led("t", 0, 3), led("t", 1, 3)));
        rpc.script.addAll(List.of(Optional.empty(), Optional.of(ErrorCode.INVALID_REQUEST),
                Optional.of(ErrorCode.INVALID_REQUEST), Optional.empty()));
        controller.onRaftRole(true, 5);

        assertThat(controller.role()).isEqualTo(new ControllerRole.Acting(5));
        assertThat(rpc.calls).containsExactly("claim 2@5", "elect 2@5 [t-0→1, t-1→1]", "elect 2@5 [t-0→1]",
                "elect 2@5 [t-1→1]");
    }

    @Test
    void aNodeMarkedDownInTheMetadataIsDeadEvenInTheView() {
        controller.onView(Set.of(1, 2, 3));
        controller.onMetadata(metadata(10, Set.of(2, 3), led("t", 0, 1)));
        controller.onRaftRole(true, 5);

        assertThat(rpc.calls).containsExactly("claim 2@5", "elect 2@5 [t-0→2]");
    }

    private static MetadataState balanceMetadata(long version, Map<Integer, Long> epochs, boolean reassigning,
                                                 PartitionLeadership... partitions) {
        Map<Integer, String> racks = new java.util.HashMap<>();
        epochs.keySet().forEach(node -> racks.put(node, ""));
        return new MetadataState(version, List.of(partitions), epochs.keySet(), epochs, racks, reassigning);
    }

    private static PartitionLeadership on(int index, int... replicas) {
        List<Integer> list = java.util.Arrays.stream(replicas).boxed().toList();
        return new PartitionLeadership("t", index, list, list.get(0), list, false);
    }

    @Test
    void aNodeOutsideTheRaftGroupThatJoinsGetsMovesOneBatchAtATimeThenNothingWhileTheyRun() {
        Controller balancing = new Controller(2, rpc, 10, true, 0, () -> nowMs, node -> node <= 3,
                Optional.of(new AutoBalancer(2)));
        balancing.onRaftRole(true, 5);
        balancing.onView(Set.of(1, 2, 3));
        PartitionLeadership[] partitions = {on(0, 1, 2), on(1, 2, 3), on(2, 3, 1), on(3, 1, 2), on(4, 2, 3), on(5, 3, 1)};
        balancing.onMetadata(balanceMetadata(10, Map.of(1, 1L, 2, 1L, 3, 1L), false, partitions));
        assertThat(rpc.calls).containsExactly("claim 2@5");

        balancing.onMetadata(balanceMetadata(11, Map.of(1, 1L, 2, 1L, 3, 1L, 4, 7L), false, partitions));
        assertThat(rpc.calls).hasSize(2);
        assertThat(rpc.calls.get(1)).startsWith("reassign [").contains("4");
        assertThat(rpc.calls.get(1).split("→")).as("two partitions per batch").hasSize(3);

        // the batch is not in this (older) copy yet, then it runs: no second batch either way
        balancing.onMetadata(balanceMetadata(11, Map.of(1, 1L, 2, 1L, 3, 1L, 4, 7L), false, partitions));
        balancing.onMetadata(balanceMetadata(rpc.version, Map.of(1, 1L, 2, 1L, 3, 1L, 4, 7L), true, partitions));
        balancing.tick();
        assertThat(rpc.calls).hasSize(2);
    }

    @Test
    void withoutABalancerAJoinedNodeGetsNothing() {
        Controller plain = new Controller(2, rpc, 10, true, 0, () -> nowMs, node -> node <= 3, Optional.empty());
        plain.onRaftRole(true, 5);
        plain.onView(Set.of(1, 2, 3));
        plain.onMetadata(balanceMetadata(10, Map.of(1, 1L, 2, 1L, 3, 1L), false, on(0, 1, 2), on(1, 2, 3), on(2, 3, 1)));
        plain.onMetadata(balanceMetadata(11, Map.of(1, 1L, 2, 1L, 3, 1L, 4, 1L), false, on(0, 1, 2), on(1, 2, 3), on(2, 3, 1)));
        assertThat(rpc.calls).containsExactly("claim 2@5");
    }

    private static PartitionLeadership ledAt(int index, int leader, int leaderEpoch, int partitionEpoch) {
        return new PartitionLeadership("t", index, List.of(1, 2, 3), leader, List.of(1, 2, 3), false, leaderEpoch,
                partitionEpoch);
    }

    /**
     * A fake metadata service with the compare-and-set of ElectLeaders: applies each election only
     * to a partition still at the epochs it names (any state when it names none), counts what it applied per partition, and can
     * time out a chosen call after applying it (the answer lost, the change made) or before.
     */
    static final class EpochCheckingRpc implements ControllerRpc {
        final Map<String, PartitionLeadership> partitions = new java.util.TreeMap<>();
        final Map<String, Integer> applied = new java.util.TreeMap<>();
        final List<Integer> batchSizes = new ArrayList<>();
        final java.util.Set<Integer> timeOutAfterApplying = new java.util.HashSet<>();
        final java.util.Set<Integer> timeOutBeforeApplying = new java.util.HashSet<>();
        final Map<Long, MetadataState> history = new java.util.HashMap<>();
        long version = 100;

        @Override
        public void claim(int nodeId, long epoch) {
        }

        @Override
        public long elect(int nodeId, long epoch, List<Election> elections) {
            int call = batchSizes.size();
            batchSizes.add(elections.size());
            if (timeOutBeforeApplying.contains(call)) {
                throw new StrataException(ErrorCode.REQUEST_TIMED_OUT, "scripted timeout of call " + call);
            }
            for (Election e : elections) {
                PartitionLeadership p = partitions.get(e.name());
                boolean planned = e.leaderEpoch() != PartitionLeadership.UNKNOWN_EPOCH;
                if (planned && (p.leaderEpoch() != e.leaderEpoch() || p.partitionEpoch() != e.partitionEpoch())) {
                    continue;
                }
                boolean fence = e.reason() == Election.Reason.FENCED;
                List<Integer> isr = fence ? p.isr().stream().filter(n -> !e.fenced().contains(n)).toList() : e.isr();
                partitions.put(e.name(), new PartitionLeadership(p.topic(), p.partition(), p.replicas(), e.leader(),
                        isr, false, fence ? p.leaderEpoch() : p.leaderEpoch() + 1, p.partitionEpoch() + 1));
                applied.merge(e.name(), 1, Integer::sum);
            }
            version++;
            history.put(version, metadata());
            if (timeOutAfterApplying.contains(call)) {
                throw new StrataException(ErrorCode.REQUEST_TIMED_OUT, "scripted timeout of call " + call);
            }
            return version;
        }

        @Override
        public long reassign(List<BalancePlanner.Placement> targets) {
            return ++version;
        }

        MetadataState metadata() {
            return new MetadataState(version, List.copyOf(partitions.values()), Set.of(1, 2, 3));
        }
    }

    private static EpochCheckingRpc thousandPartitionsOnThreeNodes() {
        EpochCheckingRpc metadata = new EpochCheckingRpc();
        for (int i = 0; i < 1_000; i++) {
            PartitionLeadership p = ledAt(i, 1 + i % 3, 5, 9);
            metadata.partitions.put(p.name(), p);
        }
        metadata.history.put(metadata.version, metadata.metadata());
        return metadata;
    }

    private void assertEveryElectionAppliedOnce(EpochCheckingRpc metadata) {
        assertThat(metadata.applied).as("every election applied exactly once").hasSize(1_000)
                .allSatisfy((name, times) -> assertThat(times).as(name).isEqualTo(1));
        assertThat(metadata.partitions.values()).as("led by a live node, dead node 1 out of the ISR, epochs grown once")
                .allSatisfy(p -> {
                    boolean moved = p.partition() % 3 == 0;
                    assertThat(p.leader()).isEqualTo(moved ? 2 : 1 + p.partition() % 3);
                    assertThat(p.isr()).containsExactly(2, 3);
                    assertThat(p.leaderEpoch()).isEqualTo(moved ? 6 : 5);
                    assertThat(p.partitionEpoch()).isEqualTo(10);
                });
    }

    @Test
    void aBatchThatTimesOutIsRetriedAloneTheOthersCommitOnce() {
        EpochCheckingRpc metadata = thousandPartitionsOnThreeNodes();
        metadata.timeOutBeforeApplying.add(1);
        Controller batching = new Controller(2, metadata, 200, false, 0, () -> nowMs);
        batching.onView(Set.of(2, 3));
        batching.onMetadata(metadata.metadata());
        batching.onRaftRole(true, 5);
        assertThat(metadata.batchSizes).as("node 1's loss: 334 moves and 666 fencings, in batches of 200")
                .containsExactly(200, 200, 200, 200, 200);

        batching.onMetadata(metadata.metadata());
        batching.tick();
        batching.onMetadata(metadata.metadata());
        batching.tick();
        assertThat(metadata.batchSizes).as("only the timed-out batch is sent again")
                .containsExactly(200, 200, 200, 200, 200, 200);
        assertEveryElectionAppliedOnce(metadata);
    }

    @Test
    void aBatchAppliedButTimedOutIsSentAgainFromAnOldCopyAndChangesNothing() {
        EpochCheckingRpc metadata = thousandPartitionsOnThreeNodes();
        metadata.timeOutAfterApplying.add(4);
        Controller batching = new Controller(2, metadata, 200, false, 0, () -> nowMs);
        batching.onView(Set.of(2, 3));
        batching.onMetadata(metadata.metadata());
        batching.onRaftRole(true, 5);
        assertThat(metadata.batchSizes).containsExactly(200, 200, 200, 200, 200);

        // The watch delivers the copy after batch 4, which does not show the timed-out batch 5 yet.
        batching.onMetadata(metadata.history.get(metadata.version - 1));
        batching.tick();
        assertThat(metadata.batchSizes).as("batch 5 planned again from the old copy")
                .containsExactly(200, 200, 200, 200, 200, 200);
        batching.onMetadata(metadata.metadata());
        batching.tick();
        assertThat(metadata.batchSizes).hasSize(6);
        assertEveryElectionAppliedOnce(metadata);
    }

    @Test
    void twoFailedBatchesInARowEndTheRound() {
        EpochCheckingRpc metadata = new EpochCheckingRpc();
        for (int i = 0; i < 10; i++) {
            PartitionLeadership p = ledAt(i, 1, 0, 0);
            metadata.partitions.put(p.name(), p);
        }
        metadata.timeOutBeforeApplying.addAll(List.of(0, 1));
        Controller batching = new Controller(2, metadata, 2, false, 0, () -> nowMs);
        batching.onView(Set.of(2, 3));
        batching.onMetadata(metadata.metadata());
        batching.onRaftRole(true, 5);
        assertThat(metadata.batchSizes).containsExactly(2, 2);

        batching.tick();
        assertThat(metadata.batchSizes).containsExactly(2, 2, 2, 2, 2, 2, 2);
        assertThat(metadata.applied).hasSize(10).allSatisfy((name, times) -> assertThat(times).isEqualTo(1));
    }
}
