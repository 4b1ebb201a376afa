package io.strata.node.balance;

import io.strata.node.balance.BalancePlanner.Placement;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides when the controller balances the cluster and hands it one batch of moves at a time.
 *
 * <p>A balance run starts when a node registers (it is UP and live with a node epoch this balancer
 * has not seen: a new node, or one restarted) and holds fewer replicas than its share
 * (the live replicas divided by the live nodes, rounded down). The nodes UP when the balancer
 * first sees the metadata are its baseline, not joins: a controller that takes over does not
 * start a run on its own, and a drained node that stays up is not filled again. While a run
 * lasts, each call with nothing being reassigned returns the next batch of
 * {@link BalancePlanner} (at most {@code maxMoves} partitions); a call while any partition is
 * being reassigned (by this balancer or anyone else) returns nothing, so the moves of a batch
 * finish before the next one starts and never race a drain. The run ends when a plan comes back
 * empty; {@link #takeFinished()} then reports it once, for the controller's preferred-leader pass.
 *
 * <p>Invariants: at most {@code maxMoves} partitions are submitted per batch and no batch is
 * submitted while a reassignment runs, so no more than {@code maxMoves} balance moves are in
 * flight; a run ends, because each batch lowers {@link BalancePlanner}'s potential.
 *
 * <p>Not thread-safe: confined to the controller's thread.
 */
public final class AutoBalancer {

    private static final System.Logger LOG = System.getLogger(AutoBalancer.class.getName());

    private final int maxMoves;
    private Map<Integer, Long> seenEpochs;
    private boolean running;
    private boolean finished;
    private int batches;

    public AutoBalancer(int maxMoves) {
        if (maxMoves < 1) {
            throw new IllegalArgumentException("strata.node.auto-balance.max-moves: " + maxMoves + " is less than 1");
        }
        this.maxMoves = maxMoves;
    }

    /** Whether a balance run is under way. */
    public boolean running() {
        return running;
    }

    /**
     * The next batch of moves, or nothing.
     *
     * @param upEpochs    the node epoch of every UP node
     * @param liveRacks   the live nodes (UP and reachable) and their racks
     * @param placements  every partition (its replicas; meaningful only when nothing is reassigning)
     * @param reassigning whether some partition is being reassigned
     */
    public List<Placement> maybeNextBatch(Map<Integer, Long> upEpochs, Map<Integer, String> liveRacks,
                                          Collection<Placement> placements, boolean reassigning) {
        Set<Integer> joined = noteRegistrations(upEpochs, liveRacks.keySet());
        if (!running && !joined.isEmpty()) {
            Set<Integer> below = belowShare(joined, liveRacks.keySet(), placements);
            if (!below.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "node(s) " + below + " joined holding fewer replicas than their share"
                        + " of " + BalancePlanner.replicaCounts(placements, liveRacks.keySet()) + ": balancing");
                running = true;
                batches = 0;
            }
        }
        if (!running || reassigning) {
            return List.of();
        }
        List<Placement> batch = BalancePlanner.plan(placements, liveRacks, maxMoves);
        if (batch.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "balanced after " + batches + " batch(es): replicas "
                    + BalancePlanner.replicaCounts(placements, liveRacks.keySet()) + ", preferred leaders "
                    + BalancePlanner.leaderCounts(placements, liveRacks.keySet()));
            running = false;
            finished = true;
            return List.of();
        }
        batches++;
        return batch;
    }

    /** True once after a run ended (its last moves done): time for a preferred-leader election pass. */
    public boolean takeFinished() {
        boolean was = finished;
        finished = false;
        return was;
    }

    /** The live nodes registered with an epoch not seen before (none on the first call: the baseline). */
    private Set<Integer> noteRegistrations(Map<Integer, Long> upEpochs, Set<Integer> live) {
        Set<Integer> joined = new TreeSet<>();
        boolean baseline = seenEpochs == null;
        if (baseline) {
            seenEpochs = new HashMap<>();
        }
        // A node UP but not live yet (still connecting) is noted once it is live, so its join is not missed.
        upEpochs.forEach((node, epoch) -> {
            if (live.contains(node) && !epoch.equals(seenEpochs.put(node, epoch)) && !baseline) {
                joined.add(node);
            }
        });
        return joined;
    }

    private static Set<Integer> belowShare(Set<Integer> joined, Set<Integer> live, Collection<Placement> placements) {
        Map<Integer, Integer> counts = BalancePlanner.replicaCounts(placements, live);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        int share = live.isEmpty() ? 0 : total / live.size();
        Set<Integer> below = new TreeSet<>();
        for (int node : joined) {
            if (live.contains(node) && counts.get(node) < share) {
                below.add(node);
            }
        }
        return below;
    }
}
