package io.strata.metadata.partition;

import io.strata.api.error.StrataException;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded interleavings of one partition's reassignments with what else happens to it: followers
 * catching up and joining the ISR, falling out of it, nodes dying (the leader too) and coming
 * back, the controller electing and fencing, moves replaced and cancelled, and the metadata
 * service restarting (its state read back from the row's columns). The real
 * {@link PartitionState} and {@link ReassignmentRules} run; the nodes' logs are modelled as log
 * end offsets. After every step it checks:
 * <ul>
 *   <li>{@code Structure}: the ISR is a duplicate-free subset of the replicas, a leader is in it,
 *       adding and removing are disjoint subsets of the replicas;</li>
 *   <li>{@code NoAcknowledgedLoss}: every ISR member holds every committed record (log end ≥ the
 *       high watermark), so an election from the ISR never loses one;</li>
 *   <li>{@code NoDropBeforeInSync}: a replica that was not being added leaves the replica set only
 *       in a step after which every replica is in the ISR (the move completed);</li>
 *   <li>{@code IsrNeverEmptied}: no reassignment step empties an ISR;</li>
 *   <li>{@code FencedOnReplicaChange}: every replica-set change bumps the leader epoch;</li>
 *   <li>{@code SurvivesRestart}: the state read back from its columns is the same;</li>
 * </ul>
 * and at the end, with every node back and followers caught up, that the partition {@code Settles}
 * on the last target asked for (or on its replicas before the last move, if it was cancelled).
 * A failure names its seed; {@code -Dsim.seed=N} replays one.
 */
class ReassignmentSimulationTest {

    private static final int NODES = 5;
    private static final int STEPS = 300;
    private static final NodeIdsConverter COLUMN = new NodeIdsConverter();

    @Test
    void everyInvariantHoldsOnEverySeed() {
        String one = System.getProperty("sim.seed");
        int seeds = Integer.getInteger("sim.seeds", 500);
        long base = Long.getLong("sim.seedBase", 0);
        if (one != null) {
            new Run(Long.parseLong(one)).run();
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (long seed = base; seed < base + seeds; seed++) {
            new Run(seed).run().forEach((event, n) -> seen.merge(event, n, Integer::sum));
        }
        // The schedules must reach what they are meant to test, or passing says nothing.
        assertThat(seen).as("events over %d seeds", seeds)
                .containsKeys("completed", "completed-moving-leader", "cancelled", "replaced", "refused");
        assertThat(seen.get("completed")).isGreaterThan(seeds / 4);
    }

    /** One seeded schedule. Not thread-safe: one thread. */
    private static final class Run {
        private final long seed;
        private final Random random;
        private final Map<Integer, Long> logEnd = new HashMap<>();
        private final Set<Integer> dead = new HashSet<>();
        private final Set<Integer> all = new HashSet<>();
        private final Deque<String> trace = new ArrayDeque<>();
        private final Map<String, Integer> counts = new HashMap<>();
        private PartitionState state;
        private long highWatermark;
        /** What the partition must settle on: the last target, or the replicas before a cancelled move. */
        private Set<Integer> expected;

        Run(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            for (int node = 1; node <= NODES; node++) {
                all.add(node);
            }
            state = PartitionState.initial(pick(3));
            state.replicas().forEach(node -> logEnd.put(node, 0L));
            expected = Set.copyOf(state.replicas());
        }

        Map<String, Integer> run() {
            for (int step = 0; step < STEPS; step++) {
                step(random.nextInt(100));
            }
            settle();
            return counts;
        }

        private void step(int dice) {
            if (dice < 25) {
                append();
            } else if (dice < 50) {
                fetchAndMaybeJoin();
            } else if (dice < 56) {
                maybeShrink();
            } else if (dice < 63) {
                kill();
            } else if (dice < 72) {
                revive();
            } else if (dice < 84) {
                reassign(pick(1 + random.nextInt(4)));
            } else if (dice < 89) {
                cancel();
            } else {
                restart();
            }
        }

        private void append() {
            if (state.leader() != PartitionState.NO_LEADER && !dead.contains(state.leader())) {
                logEnd.merge(state.leader(), 1L + random.nextInt(5), Long::sum);
                advanceHighWatermark();
                note("append on " + state.leader());
            }
        }

        /** A live follower fetches; the leader proposes it into the ISR when it reached the leader's end. */
        private void fetchAndMaybeJoin() {
            int leader = state.leader();
            if (leader == PartitionState.NO_LEADER || dead.contains(leader)) {
                return;
            }
            List<Integer> followers = state.replicas().stream().filter(n -> n != leader && !dead.contains(n)).toList();
            if (followers.isEmpty()) {
                return;
            }
            int follower = followers.get(random.nextInt(followers.size()));
            long end = logEnd.get(leader);
            logEnd.put(follower, Math.min(end, logEnd.get(follower) + 1 + random.nextInt(8)));
            advanceHighWatermark();
            if (logEnd.get(follower) == end && !state.isr().contains(follower)) {
                List<Integer> isr = new ArrayList<>(state.isr());
                isr.add(follower);
                apply("join " + follower, state.alterIsr("t-0", leader, state.leaderEpoch(), state.partitionEpoch(), isr), false);
            }
        }

        private void maybeShrink() {
            int leader = state.leader();
            List<Integer> out = state.isr().stream().filter(n -> n != leader).toList();
            if (leader == PartitionState.NO_LEADER || dead.contains(leader) || out.isEmpty()) {
                return;
            }
            int leaving = out.get(random.nextInt(out.size()));
            List<Integer> isr = state.isr().stream().filter(n -> n != leaving).toList();
            apply("shrink " + leaving, state.alterIsr("t-0", leader, state.leaderEpoch(), state.partitionEpoch(), isr), false);
        }

        private void kill() {
            List<Integer> live = all.stream().filter(n -> !dead.contains(n)).sorted().toList();
            if (live.size() <= 1) {
                return;
            }
            int victim = live.get(random.nextInt(live.size()));
            dead.add(victim);
            note("kill " + victim);
            controller();
        }

        private void revive() {
            if (dead.isEmpty()) {
                return;
            }
            List<Integer> down = dead.stream().sorted().toList();
            int back = down.get(random.nextInt(down.size()));
            dead.remove(back);
            note("revive " + back);
            controller();
        }

        /** The controller: fences dead followers, moves a dead leader to the first live ISR member. */
        private void controller() {
            int leader = state.leader();
            List<Integer> liveIsr = state.isr().stream().filter(n -> !dead.contains(n)).toList();
            if (leader != PartitionState.NO_LEADER && !dead.contains(leader)) {
                List<Integer> fenced = state.isr().stream().filter(dead::contains).toList();
                if (!fenced.isEmpty()) {
                    apply("fence " + fenced, state.fence("t-0", leader, fenced), false);
                }
                return;
            }
            int next = state.replicas().stream().filter(liveIsr::contains).findFirst().orElse(PartitionState.NO_LEADER);
            if (next != PartitionState.NO_LEADER) {
                apply("elect " + next, state.elect("t-0", next, liveIsr, false), false);
                truncateFollowers();
            } else if (leader != PartitionState.NO_LEADER) {
                apply("leaderless", state.elect("t-0", PartitionState.NO_LEADER, state.isr(), false), false);
            }
        }

        private void reassign(List<Integer> target) {
            try {
                PartitionState next = ReassignmentRules.reassign("t-0", state, target, all);
                List<Integer> before = state.replicas().stream().filter(n -> !state.adding().contains(n)).toList();
                counts.merge(state.reassigning() ? "replaced" : "started", 1, Integer::sum);
                apply("reassign " + target + " (from " + before + ")", next, true);
                expected = Set.copyOf(target);
            } catch (StrataException refused) {
                counts.merge("refused", 1, Integer::sum);
                note("reassign " + target + " refused: " + refused.getMessage());
            }
        }

        private void cancel() {
            try {
                PartitionState next = ReassignmentRules.cancel("t-0", state);
                counts.merge("cancelled", 1, Integer::sum);
                apply("cancel", next, true);
                expected = Set.copyOf(next.replicas());
            } catch (StrataException refused) {
                counts.merge("refused", 1, Integer::sum);
                note("cancel refused: " + refused.code());
            }
        }

        /** The metadata service restarts: the partition is what its row's columns say. */
        private void restart() {
            PartitionState read = new PartitionState(
                    COLUMN.convertToEntityAttribute(COLUMN.convertToDatabaseColumn(state.replicas())), state.leader(),
                    state.leaderEpoch(), COLUMN.convertToEntityAttribute(COLUMN.convertToDatabaseColumn(state.isr())),
                    state.partitionEpoch(), COLUMN.convertToEntityAttribute(COLUMN.convertToDatabaseColumn(state.adding())),
                    COLUMN.convertToEntityAttribute(COLUMN.convertToDatabaseColumn(state.removing())));
            check(read.equals(state), "SurvivesRestart", "read back " + read);
            note("restart");
        }

        private void apply(String event, PartitionState next, boolean reassignmentStep) {
            PartitionState before = state;
            state = next;
            note(event + " -> " + next);
            for (int node : next.replicas()) {
                logEnd.putIfAbsent(node, 0L); // an added replica starts empty
            }
            for (int node : before.replicas()) {
                if (!next.replicas().contains(node)) {
                    logEnd.remove(node); // a removed replica's directory is deleted
                    check(before.adding().contains(node) || next.isr().containsAll(next.replicas()),
                            "NoDropBeforeInSync", "node " + node + " left " + before + " for " + next);
                }
            }
            if (before.reassigning() && !next.reassigning() && next.replicas().equals(before.target())) {
                counts.merge(before.target().contains(before.leader()) ? "completed" : "completed-moving-leader", 1, Integer::sum);
            }
            if (!before.replicas().equals(next.replicas())) {
                check(next.leaderEpoch() > before.leaderEpoch(), "FencedOnReplicaChange", before + " -> " + next);
            }
            check(!(reassignmentStep && !before.isr().isEmpty() && next.isr().isEmpty()), "IsrNeverEmptied", before + " -> " + next);
            advanceHighWatermark();
            invariants();
        }

        /** Followers of a new leader cut what it does not have (same lineage: no divergence in this model). */
        private void truncateFollowers() {
            long end = logEnd.get(state.leader());
            for (int node : state.replicas()) {
                logEnd.computeIfPresent(node, (n, e) -> Math.min(e, end));
            }
        }

        private void advanceHighWatermark() {
            if (state.leader() == PartitionState.NO_LEADER || dead.contains(state.leader())) {
                return;
            }
            long lowest = state.isr().stream().mapToLong(logEnd::get).min().orElse(highWatermark);
            highWatermark = Math.max(highWatermark, lowest);
        }

        private void invariants() {
            Set<Integer> isr = new HashSet<>(state.isr());
            check(isr.size() == state.isr().size() && state.replicas().containsAll(isr), "Structure", "ISR " + state.isr());
            check(state.leader() == PartitionState.NO_LEADER || isr.contains(state.leader()), "Structure", "leader outside ISR");
            check(state.replicas().containsAll(state.adding()) && state.replicas().containsAll(state.removing())
                    && Collections.disjoint(state.adding(), state.removing()), "Structure", "adding/removing " + state);
            for (int member : state.isr()) {
                check(logEnd.get(member) >= highWatermark, "NoAcknowledgedLoss",
                        "ISR member " + member + " ends at " + logEnd.get(member) + " below the high watermark " + highWatermark);
            }
        }

        /** Every node back, followers catch up and join until nothing changes: the move must be done. */
        private void settle() {
            while (!dead.isEmpty()) {
                dead.remove(dead.iterator().next());
                controller();
            }
            for (int round = 0; round < 100 && (state.reassigning() || !state.isr().containsAll(state.replicas())); round++) {
                if (state.leader() == PartitionState.NO_LEADER) {
                    controller();
                    continue;
                }
                for (int follower : state.replicas()) {
                    if (follower != state.leader() && !state.isr().contains(follower)) {
                        logEnd.put(follower, logEnd.get(state.leader()));
                        List<Integer> grown = new ArrayList<>(state.isr());
                        grown.add(follower);
                        apply("settle join " + follower, state.alterIsr("t-0", state.leader(), state.leaderEpoch(),
                                state.partitionEpoch(), grown), false);
                        break;
                    }
                }
            }
            check(!state.reassigning() && Set.copyOf(state.replicas()).equals(expected), "Settles",
                    "ended at " + state + ", expected replicas " + expected);
        }

        private List<Integer> pick(int count) {
            List<Integer> nodes = new ArrayList<>(all);
            Collections.sort(nodes);
            Collections.shuffle(nodes, random);
            return List.copyOf(nodes.subList(0, count));
        }

        private void note(String event) {
            trace.addLast(event);
            if (trace.size() > 40) {
                trace.removeFirst();
            }
        }

        private void check(boolean holds, String invariant, String detail) {
            if (!holds) {
                fail("seed " + seed + ": " + invariant + " broken: " + detail + "\nlast events:\n  "
                        + String.join("\n  ", trace) + "\nreplay: -Dsim.seed=" + seed);
            }
        }
    }
}
