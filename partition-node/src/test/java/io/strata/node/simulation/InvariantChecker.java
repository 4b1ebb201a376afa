package io.strata.node.simulation;

import io.strata.node.replica.ReplicaRole;
import io.strata.node.replica.LeaderState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The named invariants of replication and election, checked after every step of a simulation.
 * A violation throws an {@link AssertionError} whose message starts with the invariant's name.
 * <ul>
 *   <li><b>HighWatermarkBelowIsrEnds</b>: a leader's high watermark is at most the log end offset
 *       of every member of its ISR — the ISR its {@link LeaderState} holds, and the ISR the
 *       metadata holds at the same leader epoch (the one a controller elects from);</li>
 *   <li><b>HighWatermarkMonotonic</b>: at one leader epoch of a partition the high watermark never
 *       decreases (with {@code strictHighWatermark}; by default only within one leader's life, as
 *       Strata does not checkpoint the high watermark: a leader that restarts and resumes at the
 *       same epoch starts from its follower high watermark, 0);</li>
 *   <li><b>CommittedPrefixStable</b>: once an offset is below some leader's high watermark, its
 *       (offset, epoch, payload) is fixed: no later leader's high watermark covers another entry
 *       there, no replica that held it loses it, and the active leader (the metadata's, up and
 *       leading at the metadata's epoch) holds every such entry;</li>
 *   <li><b>ReplicasIdenticalBelowHighWatermark</b>: every replica's entries below its own high
 *       watermark, and every ISR member's entries below its leader's, are the committed ones;</li>
 *   <li><b>SingleLeaderPerEpoch</b>: one node leads a partition at one leader epoch, the one the
 *       controller elected;</li>
 *   <li><b>NoAcknowledgedLoss</b>: an acknowledged acks=all record is committed when the client
 *       hears of it, the active leader holds it, and — as long as no more than
 *       {@code min.insync.replicas - 1} nodes are lost for good — some replica on a surviving node
 *       holds it;</li>
 *   <li><b>Settles</b> (at the end of a run, see {@link #unsettled()}).</li>
 * </ul>
 * Not thread-safe: the simulation is single-threaded.
 */
final class InvariantChecker {

    private final ReplicationSimulation sim;
    private final List<List<ModelLog.Entry>> committed = new ArrayList<>();
    private final long[] maxAcknowledged;
    private final Map<Long, Integer> leaderOfEpoch = new HashMap<>();
    private final Map<Long, Long> highWatermarkOfEpoch = new HashMap<>();
    /** The nodes holding a replica of each partition (filled at the first check). */
    private SimulatedNode[][] holders;
    private long acknowledged;
    private long truncatedEntries;

    InvariantChecker(ReplicationSimulation sim, int partitions) {
        this.sim = sim;
        this.maxAcknowledged = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            committed.add(new ArrayList<>());
            maxAcknowledged[p] = -1;
        }
    }

    long acknowledged() {
        return acknowledged;
    }

    long truncatedEntries() {
        return truncatedEntries;
    }

    long committedEntries() {
        return committed.stream().mapToLong(List::size).sum();
    }

    // ---- events -------------------------------------------------------------------------------

    void onElected(int partition, int epoch, int leader) {
        if (leader >= 0) {
            recordLeader(partition, epoch, leader, "the controller elected");
        }
    }

    void onBecomeLeader(int partition, int epoch, int node) {
        recordLeader(partition, epoch, node, "became leader");
    }

    private void recordLeader(int partition, int epoch, int node, String how) {
        Integer previous = leaderOfEpoch.putIfAbsent(key(partition, epoch), node);
        if (previous != null && previous != node) {
            throw violation("SingleLeaderPerEpoch", "node " + node + " " + how + " of partition " + partition
                    + " at epoch " + epoch + ", which node " + previous + " leads");
        }
    }

    void onTruncation(int partition, int node, long to, long logEndOffset) {
        truncatedEntries += Math.max(0, logEndOffset - Math.max(0, to));
    }

    /** The client heard that its record is stored at {@code offset} with {@code epoch}. */
    void onClientAcknowledged(int partition, long offset, int epoch, long payload) {
        acknowledged++;
        List<ModelLog.Entry> entries = committed.get(partition);
        ModelLog.Entry expected = new ModelLog.Entry(offset, epoch, payload);
        if (offset >= entries.size() || !entries.get((int) offset).equals(expected)) {
            throw violation("NoAcknowledgedLoss", "partition " + partition + ": acknowledged " + expected
                    + " is not the committed entry there (" + (offset < entries.size() ? entries.get((int) offset)
                    : "committed ends at " + entries.size()) + ")");
        }
        maxAcknowledged[partition] = Math.max(maxAcknowledged[partition], offset);
    }

    // ---- after every step ---------------------------------------------------------------------

    void checkAll() {
        if (holders == null) {
            holders = new SimulatedNode[committed.size()][];
            for (int p = 0; p < committed.size(); p++) {
                int partition = p;
                holders[p] = sim.nodes().stream().filter(n -> n.replica(partition) != null).toArray(SimulatedNode[]::new);
            }
        }
        for (int p = 0; p < committed.size(); p++) {
            extendCommitted(p);
            for (SimulatedNode node : holders[p]) {
                checkReplica(p, node, node.replica(p));
            }
            for (SimulatedNode node : holders[p]) {
                SimulatedNode.ReplicaModel r = node.replica(p);
                if (node.up() && r.role instanceof ReplicaRole.Leading leading) {
                    checkLeader(p, node, leading.state());
                }
            }
            checkActiveLeaderAndSurvivors(p);
        }
    }

    /** Every leader's high watermark commits what lies below it; a different entry there breaks the prefix. */
    private void extendCommitted(int p) {
        List<ModelLog.Entry> entries = committed.get(p);
        for (SimulatedNode node : holders[p]) {
            SimulatedNode.ReplicaModel r = node.replica(p);
            if (!node.up() || !(r.role instanceof ReplicaRole.Leading leading)) {
                continue;
            }
            LeaderState state = leading.state();
            long highWatermark = state.highWatermark();
            Long before = null;
            if (state != r.checkedState || highWatermark != r.checkedHighWatermark) {
                Long ofEpoch = highWatermarkOfEpoch.put(key(p, state.leaderEpoch()), highWatermark);
                before = sim.settings().strictHighWatermark() ? ofEpoch
                        : state == r.checkedState ? Long.valueOf(r.checkedHighWatermark) : null;
                r.checkedState = state;
                r.checkedHighWatermark = highWatermark;
            }
            if (before != null && highWatermark < before) {
                throw violation("HighWatermarkMonotonic", "partition " + p + " at epoch " + state.leaderEpoch()
                        + ": node " + node.id() + "'s high watermark went from " + before + " to " + highWatermark);
            }
            if (highWatermark > r.log.logEndOffset()) {
                throw violation("HighWatermarkBelowIsrEnds", "partition " + p + ": leader " + node.id()
                        + "'s high watermark " + highWatermark + " is above its own log end " + r.log.logEndOffset());
            }
            while (entries.size() < highWatermark) {
                entries.add(r.log.get(entries.size()));
            }
        }
    }

    private void checkReplica(int p, SimulatedNode node, SimulatedNode.ReplicaModel r) {
        List<ModelLog.Entry> entries = committed.get(p);
        long lowestChanged = r.log.takeLowestChanged();
        if (lowestChanged < r.committedHeld) {
            throw violation("CommittedPrefixStable", "partition " + p + ": node " + node.id() + " cut its log at "
                    + lowestChanged + ", below the committed entries it held (" + r.committedHeld + ")");
        }
        long limit = Math.min(r.log.logEndOffset(), entries.size());
        while (r.committedHeld < limit && r.log.get(r.committedHeld).equals(entries.get((int) r.committedHeld))) {
            r.committedHeld++;
        }
        long ownHighWatermark = node.up() ? Math.min(r.highWatermark(), r.log.logEndOffset()) : 0;
        if (r.committedHeld < Math.min(ownHighWatermark, entries.size())) {
            throw violation(r.role instanceof ReplicaRole.Leading ? "CommittedPrefixStable" : "ReplicasIdenticalBelowHighWatermark",
                    "partition " + p + ": node " + node.id() + " (" + r.role + ", high watermark " + ownHighWatermark
                    + ") holds " + r.log.get(r.committedHeld) + " where " + entries.get((int) r.committedHeld)
                    + " is committed");
        }
    }

    private void checkLeader(int p, SimulatedNode leader, LeaderState state) {
        long highWatermark = state.highWatermark();
        for (int member : state.isr()) {
            checkIsrMember(p, leader, highWatermark, member, () -> "its ISR " + state.isr());
        }
        MetadataModel.PartitionState meta = sim.metadata().partition(p);
        if (meta.leaderEpoch() == state.leaderEpoch() && meta.leader() == leader.id()) {
            for (int member : meta.isr()) {
                checkIsrMember(p, leader, highWatermark, member, () -> "the metadata's ISR " + meta.isr()
                        + " (partition epoch " + meta.partitionEpoch() + "; the leader's is " + state.partitionEpoch()
                        + " with ISR " + state.isr() + ")");
            }
        }
    }

    private void checkIsrMember(int p, SimulatedNode leader, long highWatermark, int member, Supplier<String> which) {
        SimulatedNode.ReplicaModel m = sim.node(member).replica(p);
        if (m.log.logEndOffset() < highWatermark) {
            throw violation("HighWatermarkBelowIsrEnds", "partition " + p + ": leader " + leader.id()
                    + "'s high watermark " + highWatermark + " is above node " + member + "'s log end "
                    + m.log.logEndOffset() + ", in " + which.get());
        }
        if (m.committedHeld < highWatermark) {
            throw violation("ReplicasIdenticalBelowHighWatermark", "partition " + p + ": node " + member + " in "
                    + which.get() + " holds " + m.log.get(m.committedHeld) + " below leader " + leader.id()
                    + "'s high watermark " + highWatermark + " where " + committed.get(p).get((int) m.committedHeld)
                    + " is committed");
        }
    }

    private void checkActiveLeaderAndSurvivors(int p) {
        List<ModelLog.Entry> entries = committed.get(p);
        MetadataModel.PartitionState meta = sim.metadata().partition(p);
        if (meta.leader() >= 0) {
            SimulatedNode leader = sim.node(meta.leader());
            SimulatedNode.ReplicaModel r = leader.replica(p);
            if (leader.up() && r.role instanceof ReplicaRole.Leading leading && leading.leaderEpoch() == meta.leaderEpoch()
                    && r.committedHeld < entries.size()) {
                throw violation(r.committedHeld <= maxAcknowledged[p] ? "NoAcknowledgedLoss" : "CommittedPrefixStable",
                        "partition " + p + ": the active leader " + leader.id() + " at epoch " + meta.leaderEpoch()
                        + " holds " + r.log.get(r.committedHeld) + " where " + entries.get((int) r.committedHeld)
                        + " is committed (highest acknowledged offset " + maxAcknowledged[p] + ")");
            }
        }
        if (maxAcknowledged[p] >= 0 && sim.permanentlyLost() > 0) {
            long best = 0;
            for (SimulatedNode node : sim.nodes()) {
                SimulatedNode.ReplicaModel r = node.replica(p);
                if (r != null && !node.permanentlyDead()) {
                    best = Math.max(best, r.committedHeld);
                }
            }
            if (best <= maxAcknowledged[p]) {
                throw violation("NoAcknowledgedLoss", "partition " + p + ": acknowledged " + entries.get((int) best)
                        + " is on no surviving replica (" + sim.permanentlyLost() + " node(s) lost for good, "
                        + "min.insync.replicas " + sim.settings().minInsync() + ")");
            }
        }
    }

    /**
     * <b>Settles</b>, at the end of a run (everything healed for a while, nothing produced for the
     * last second): every partition with an in-sync replica on a surviving node has an active
     * leader, every replica on a surviving node is in the metadata's ISR and holds exactly the
     * leader's log, and the leader's high watermark is its log end.
     */
    void checkSettled() {
        String unsettled = unsettled();
        if (unsettled != null) {
            throw violation("Settles", unsettled);
        }
    }

    /** Why the cluster has not settled yet, or null when it has. */
    String unsettled() {
        for (int p = 0; p < committed.size(); p++) {
            MetadataModel.PartitionState meta = sim.metadata().partition(p);
            if (meta.isr().stream().allMatch(id -> sim.node(id).permanentlyDead())) {
                continue;
            }
            SimulatedNode leader = meta.leader() >= 0 ? sim.node(meta.leader()) : null;
            if (leader == null || !leader.up() || !(leader.replica(p).role instanceof ReplicaRole.Leading leading)
                    || leading.leaderEpoch() != meta.leaderEpoch()) {
                return "partition " + p + " has no active leader after healing: " + meta;
            }
            ModelLog log = leader.replica(p).log;
            if (leading.state().highWatermark() != log.logEndOffset()) {
                return "partition " + p + ": leader " + leader.id() + "'s high watermark "
                        + leading.state().highWatermark() + " is not its log end " + log.logEndOffset();
            }
            for (SimulatedNode node : holders[p]) {
                SimulatedNode.ReplicaModel r = node.replica(p);
                if (!node.permanentlyDead() && (!meta.isr().contains(node.id()) || r.log.logEndOffset() != log.logEndOffset()
                        || r.committedHeld != log.logEndOffset())) {
                    return "partition " + p + ": node " + node.id() + " (leo " + r.log.logEndOffset()
                            + ", holding " + r.committedHeld + " committed) has not caught up with leader " + leader.id()
                            + " (leo " + log.logEndOffset() + ") or is not in the ISR " + meta.isr();
                }
            }
        }
        return null;
    }

    private static long key(int partition, int epoch) {
        return ((long) partition << 32) | (epoch & 0xffffffffL);
    }

    private static AssertionError violation(String invariant, String detail) {
        return new AssertionError(invariant + ": " + Objects.requireNonNull(detail));
    }
}
