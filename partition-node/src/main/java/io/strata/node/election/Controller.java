package io.strata.node.election;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import io.strata.node.balance.AutoBalancer;
import io.strata.node.balance.BalancePlanner;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The cluster controller's behaviour on one node: follows the raft role, the raft group's view and
 * the metadata, and, while it holds the controller epoch, moves partition leadership away from
 * dead nodes and back to preferred replicas ({@link ElectionPlanner} decides, this class acts).
 *
 * <p>Invariants:
 * <ul>
 *   <li>Elects leaders only in {@link ControllerRole.Acting}, i.e. only while this node is the raft
 *       leader and the metadata service accepted its claim of the epoch = its raft term; every
 *       ElectLeaders carries that epoch, so a deposed controller's elections are refused by the
 *       metadata service (the highest claimed epoch wins).</li>
 *   <li>Plans only from metadata at least as new as its own last accepted election, so the same
 *       election is never sent twice for one failure (an election bumps the leader epoch).</li>
 *   <li>Decides nothing before the first raft view and the first metadata copy have arrived.</li>
 *   <li>No election is applied twice, and a leader epoch only grows: each election names the
 *       leader and partition epochs it was planned from, and the metadata service applies it only
 *       to a partition still at them ({@link Election#basedOn}); an election sent again after a
 *       call that timed out but was applied therefore changes nothing.</li>
 *   <li>A partition is never left without a leader while a live ISR member exists: the planner
 *       elects one ({@link ElectionPlanner}), and an election that did not commit is planned again
 *       from the next metadata copy until it does.</li>
 * </ul>
 * A plan is sent in batches of at most {@code electionBatchSize} ({@link ElectionBatches}), each
 * one ElectLeaders call that commits alone: a batch that fails does not stop the others, and only
 * its partitions are planned again at the next {@link #tick()} (from metadata that shows the
 * batches that committed, so those are not redone). A round gives up early after
 * {@link #MAX_CONSECUTIVE_FAILED_BATCHES} failed batches in a row: the metadata service is then
 * likely down, and the controller thread must not block for a timeout per batch. A failed claim
 * is retried at the next tick too; a stale epoch deposes.
 *
 * <p>With an {@link AutoBalancer}, once no election is needed it also submits the balancer's next
 * batch of moves (a node joined with less than its share; see {@link AutoBalancer}) and, when a
 * balance run ends, elects the preferred leaders even if {@code restorePreferred} is off. A batch
 * is planned only from metadata at least as new as the last batch's submission, so a batch is
 * never planned from a copy that does not show the previous one yet.
 *
 * <p>Not thread-safe: every method runs on the controller thread (the caller's single executor).
 */
final class Controller {

    private static final System.Logger LOG = System.getLogger(Controller.class.getName());

    /** Failed batches in a row after which a round stops and waits for the next tick. */
    static final int MAX_CONSECUTIVE_FAILED_BATCHES = 2;

    /** Elections named in the log line of a round (a node's loss can plan thousands). */
    private static final int LOGGED_ELECTIONS = 20;

    /** What became of one batch. */
    private enum Outcome { COMMITTED, FAILED, DEPOSED }

    private final int nodeId;
    private final ControllerRpc rpc;
    private final int electionBatchSize;
    private final boolean restorePreferred;
    private final LongSupplier clockMs;
    private final Liveness liveness;
    private final Optional<AutoBalancer> balancer;
    private ControllerRole role = new ControllerRole.Standby();
    private MetadataState metadata;
    private long awaitVersion;

    Controller(int nodeId, ControllerRpc rpc, int electionBatchSize, boolean restorePreferred, long joinGraceMs,
               LongSupplier clockMs) {
        this(nodeId, rpc, electionBatchSize, restorePreferred, joinGraceMs, clockMs, node -> true, Optional.empty());
    }

    /**
     * @param raftMember which nodes are members of the raft group (the others are live while UP in the metadata)
     * @param balancer   the automatic balance, empty when it is turned off
     */
    Controller(int nodeId, ControllerRpc rpc, int electionBatchSize, boolean restorePreferred, long joinGraceMs,
               LongSupplier clockMs, Predicate<Integer> raftMember, Optional<AutoBalancer> balancer) {
        if (electionBatchSize < 1) {
            throw new IllegalArgumentException("electionBatchSize: " + electionBatchSize + " is less than 1");
        }
        this.nodeId = nodeId;
        this.rpc = rpc;
        this.electionBatchSize = electionBatchSize;
        this.restorePreferred = restorePreferred;
        this.clockMs = clockMs;
        this.liveness = new Liveness(joinGraceMs, raftMember);
        this.balancer = balancer;
    }

    ControllerRole role() {
        return role;
    }

    /** The raft role changed: {@code leader} in {@code term}. */
    void onRaftRole(boolean leader, long term) {
        if (!leader) {
            if (!(role instanceof ControllerRole.Standby)) {
                LOG.log(System.Logger.Level.INFO, "node " + nodeId + " is no longer the raft leader: standing by (was " + role + ")");
            }
            role = new ControllerRole.Standby();
            return;
        }
        if (term != roleTerm()) {
            LOG.log(System.Logger.Level.INFO, "node " + nodeId + " is the raft leader in term " + term + ": claiming the controller");
            role = new ControllerRole.Claiming(term);
            maybeAct();
        }
    }

    /** The raft group's view changed: these node ids are connected. */
    void onView(Set<Integer> members) {
        liveness.onView(members, clockMs.getAsLong());
        maybeAct();
    }

    /** The metadata changed (a copy made on the membership thread). */
    void onMetadata(MetadataState state) {
        if (metadata != null && state.version() < metadata.version()) {
            return;
        }
        metadata = state;
        maybeAct();
    }

    /** Retries what failed and re-checks join graces; called every recheck interval. */
    void tick() {
        maybeAct();
    }

    /** The raft term the current role belongs to; 0 when standing by. */
    private long roleTerm() {
        if (role instanceof ControllerRole.Claiming claiming) {
            return claiming.term();
        } else if (role instanceof ControllerRole.Acting acting) {
            return acting.epoch();
        } else if (role instanceof ControllerRole.Deposed deposed) {
            return deposed.term();
        }
        return 0;
    }

    private void maybeAct() {
        if (role instanceof ControllerRole.Claiming claiming) {
            claim(claiming.term());
        } else if (role instanceof ControllerRole.Acting acting) {
            maybeElect(acting.epoch());
        }
    }

    private void claim(long term) {
        try {
            rpc.claim(nodeId, term);
            LOG.log(System.Logger.Level.INFO, "node " + nodeId + " is the controller at epoch " + term);
            role = new ControllerRole.Acting(term);
            maybeElect(term);
        } catch (StrataException e) {
            onFailure("claiming the controller at epoch " + term, term, e);
        }
    }

    private void maybeElect(long epoch) {
        if (metadata == null || !liveness.known() || metadata.version() < awaitVersion) {
            return;
        }
        Set<Integer> live = liveness.live(metadata.upNodes(), clockMs.getAsLong());
        boolean preferredPass = balancer.isPresent() && balancer.get().takeFinished();
        List<Election> plan = ElectionPlanner.plan(metadata.partitions(), live, restorePreferred || preferredPass);
        if (plan.isEmpty()) {
            balancer.ifPresent(b -> maybeBalance(b, live));
            return;
        }
        LOG.log(System.Logger.Level.INFO, "controller epoch " + epoch + ", live nodes " + live + " (view "
                + liveness.view() + ", up " + metadata.upNodes() + "): " + plan.size() + " election(s): "
                + describe(plan.subList(0, Math.min(plan.size(), LOGGED_ELECTIONS)))
                + (plan.size() > LOGGED_ELECTIONS ? ", …" : ""));
        electInBatches(epoch, ElectionBatches.of(plan, electionBatchSize));
    }

    /** Sends every batch of one round; the ones that fail are planned again at the next tick. */
    private void electInBatches(long epoch, List<List<Election>> batches) {
        int total = batches.stream().mapToInt(List::size).sum();
        int committed = 0;
        int failedInARow = 0;
        for (int i = 0; i < batches.size(); i++) {
            List<Election> batch = batches.get(i);
            long startNanos = System.nanoTime();
            Outcome outcome = elect(epoch, batch);
            if (outcome == Outcome.DEPOSED) {
                return;
            }
            if (outcome == Outcome.COMMITTED) {
                committed += batch.size();
                failedInARow = 0;
            } else if (++failedInARow >= MAX_CONSECUTIVE_FAILED_BATCHES && i + 1 < batches.size()) {
                LOG.log(System.Logger.Level.WARNING, "elections: " + failedInARow + " batches in a row failed; the "
                        + (batches.size() - i - 1) + " batch(es) left wait for the next check (" + committed + " of "
                        + total + " elections committed)");
                return;
            }
            if (batches.size() > 1) {
                LOG.log(System.Logger.Level.INFO, "elections: batch " + (i + 1) + "/" + batches.size() + " of "
                        + batch.size() + " " + outcome.name().toLowerCase(java.util.Locale.ROOT) + " in "
                        + (System.nanoTime() - startNanos) / 1_000_000 + " ms; " + committed + " of " + total
                        + " committed");
            }
        }
    }

    /** Submits the balancer's next batch, if any; a failure is retried by planning again at the next tick. */
    private void maybeBalance(AutoBalancer balancer, Set<Integer> live) {
        Map<Integer, String> liveRacks = new TreeMap<>();
        live.forEach(node -> liveRacks.put(node, metadata.upRacks().getOrDefault(node, "")));
        List<BalancePlanner.Placement> placements = metadata.partitions().stream()
                .map(p -> new BalancePlanner.Placement(p.topic(), p.partition(), p.replicas())).toList();
        List<BalancePlanner.Placement> batch = balancer.maybeNextBatch(metadata.upEpochs(), liveRacks, placements,
                metadata.reassigning());
        if (batch.isEmpty()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "balance: moving " + batch.size() + " partition(s): " + batch.stream()
                .map(p -> p.name() + "→" + p.replicas()).collect(Collectors.joining(", ")));
        try {
            awaitVersion = Math.max(awaitVersion, rpc.reassign(batch));
        } catch (StrataException e) {
            LOG.log(System.Logger.Level.WARNING, "submitting the balance moves failed (" + e + "); planning again");
        }
    }

    /** Sends one batch (one by one when one of its elections is refused). */
    private Outcome elect(long epoch, List<Election> batch) {
        try {
            awaitVersion = Math.max(awaitVersion, rpc.elect(nodeId, epoch, batch));
            return Outcome.COMMITTED;
        } catch (StrataException e) {
            if (e.code() == ErrorCode.INVALID_REQUEST && batch.size() > 1) {
                // One refused election fails its whole batch: send them one by one, so the others go through.
                LOG.log(System.Logger.Level.WARNING, "a batch of " + batch.size() + " elections was refused (" + e
                        + "); sending them one by one");
                for (Election election : batch) {
                    if (elect(epoch, List.of(election)) == Outcome.DEPOSED) {
                        return Outcome.DEPOSED;
                    }
                }
                return Outcome.COMMITTED;
            }
            onFailure("electing " + batch.size() + " partition(s) from " + batch.get(0).name(), epoch, e);
            return role instanceof ControllerRole.Deposed ? Outcome.DEPOSED : Outcome.FAILED;
        }
    }

    private void onFailure(String what, long epoch, StrataException e) {
        if (e.code() == ErrorCode.STALE_CONTROLLER_EPOCH) {
            LOG.log(System.Logger.Level.WARNING, "node " + nodeId + " is deposed: " + what + " was refused (" + e
                    + "); a newer controller acts");
            role = new ControllerRole.Deposed(epoch);
        } else {
            LOG.log(System.Logger.Level.WARNING, what + " failed (" + e + "); retrying");
        }
    }

    private static String describe(List<Election> elections) {
        return elections.stream()
                .map(e -> e.name() + "→" + e.leader() + " isr " + e.isr() + " (" + e.reason() + ")")
                .collect(Collectors.joining(", "));
    }
}
