package io.strata.node.simulation;

import io.strata.api.v1.ErrorCode;
import io.strata.node.log.EpochEndOffset;
import io.strata.node.replica.ReplicaRole;
import io.strata.node.replica.LeaderState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One partition node of the simulation: its replicas' logs (which survive a crash) and the
 * volatile rest (roles, the REAL {@link LeaderState} of each partition it leads, waiting
 * {@code acks=all} appends, follower fetch state, the one AlterPartition in flight). The handlers
 * follow partition-node's Replica, ReplicationManager, ReplicaFetcher, ReplicaFetchHandler and
 * OffsetForLeaderEpoch rule for rule; where they differ, the class comment of the handler says so.
 * Modelled differences of structure (not of rule): a follower fetches each partition with its own
 * request (the real fetcher batches a leader's partitions into one); a fetch is answered at once
 * rather than long-polled.
 *
 * <p>Not thread-safe: the simulation is single-threaded.
 */
final class SimulatedNode {

    /** The role and volatile state of one partition replica on this node. */
    static final class ReplicaModel {
        final int partition;
        final ModelLog log;
        ReplicaRole role = new ReplicaRole.Offline(-1);
        long followerHighWatermark;
        long signalledHighWatermark = -1;
        /** The high watermark the waiters were last told (HighWatermarkWaiters' own). */
        long waitersHighWatermark;
        final TreeMap<Long, List<Waiter>> waiters = new TreeMap<>();
        /** The follower's outstanding request: its id, deadline, the role it was sent in, its fetcher generation. */
        long outstandingId;
        long outstandingDeadlineMs;
        ReplicaRole outstandingRole;
        int outstandingGeneration;
        /** The checker's: how many leading entries of this log are known equal to the committed ones. */
        long committedHeld;
        /** The checker's: the leader state and high watermark it saw last. */
        LeaderState checkedState;
        long checkedHighWatermark;

        ReplicaModel(int partition, boolean dropEmptyEpochs) {
            this.partition = partition;
            this.log = new ModelLog(dropEmptyEpochs);
        }

        long highWatermark() {
            return role instanceof ReplicaRole.Leading leading ? leading.state().highWatermark() : followerHighWatermark;
        }
    }

    /** An acks=all append waiting for the high watermark to reach {@code offset + 1}. */
    record Waiter(long requestId, long offset, int epoch, long deadlineMs) {
    }

    private final int id;
    private final ReplicationSimulation sim;
    private final Map<Integer, ReplicaModel> replicas = new TreeMap<>();
    private ReplicaModel[] byPartition = new ReplicaModel[0];
    /** Fetcher generation per leader node: bumped when the fetcher for it stops (ReplicationManager.updateFetchers). */
    private final Map<Integer, Integer> fetchers = new TreeMap<>();
    private boolean up;
    private boolean permanentlyDead;
    private int incarnation;
    private long appliedVersion;
    private long alterInFlightId;
    private long alterDeadlineMs;
    private LeaderState alterState;
    private long nextRequestId;
    private long startedAtMs;

    SimulatedNode(int id, ReplicationSimulation sim) {
        this.id = id;
        this.sim = sim;
    }

    int id() {
        return id;
    }

    boolean up() {
        return up;
    }

    boolean permanentlyDead() {
        return permanentlyDead;
    }

    Map<Integer, ReplicaModel> replicas() {
        return replicas;
    }

    void addReplica(int partition) {
        replicas.put(partition, new ReplicaModel(partition, sim.settings().dropEmptyEpochs()));
        byPartition = java.util.Arrays.copyOf(byPartition, Math.max(byPartition.length, partition + 1));
        byPartition[partition] = replicas.get(partition);
    }

    /** This node's replica of {@code partition}, or null. */
    ReplicaModel replica(int partition) {
        return partition < byPartition.length ? byPartition[partition] : null;
    }

    // ---- life cycle ---------------------------------------------------------------------------

    /** When this incarnation started: what was sent to an earlier one died with its connections. */
    long startedAtMs() {
        return startedAtMs;
    }

    void start() {
        up = true;
        startedAtMs = sim.network().nowMs();
        incarnation++;
        appliedVersion = 0;
        alterInFlightId = 0;
        alterState = null;
        fetchers.clear();
        for (ReplicaModel r : replicas.values()) {
            r.role = new ReplicaRole.Offline(-1);
            r.followerHighWatermark = 0;
            r.signalledHighWatermark = -1;
            r.waitersHighWatermark = 0;
            r.waiters.clear();
            r.outstandingId = 0;
        }
        int life = incarnation;
        loop(life, ReplicationSimulation.HEARTBEAT_MS, "heartbeat", () -> sim.network().send(id, ReplicationSimulation.METADATA,
                new SimMessage.Heartbeat(id)));
        loop(life, ReplicationSimulation.ISR_CHECK_MS, "isr-check", this::maybeChangeIsrs);
        loop(life, ReplicationSimulation.FETCH_TICK_MS, "fetch-tick", this::fetchTick);
    }

    /** The process dies: nothing volatile survives; waiting producers never hear back. */
    void crash(boolean permanently) {
        up = false;
        permanentlyDead |= permanently;
        for (ReplicaModel r : replicas.values()) {
            r.waiters.clear();
        }
    }

    private void loop(int life, long periodMs, String what, Runnable body) {
        sim.network().schedule(periodMs, new Tick(id, what), () -> {
            if (up && incarnation == life) {
                body.run();
                loop(life, periodMs, what, body);
            }
        });
    }

    /** A periodic task's step, as the trace shows it. */
    record Tick(int node, String what) {
        @Override
        public String toString() {
            return "node " + node + " " + what;
        }
    }

    void deliver(int from, SimMessage message) {
        if (!up) {
            return;
        }
        if (message instanceof SimMessage.MetadataPush push) {
            onMetadata(push);
        } else if (message instanceof SimMessage.AlterPartitionAnswer answer) {
            onAlterAnswer(answer);
        } else if (message instanceof SimMessage.EpochQuery query) {
            sim.network().send(id, from, answerEpochQuery(query));
        } else if (message instanceof SimMessage.EpochAnswer answer) {
            onEpochAnswer(from, answer);
        } else if (message instanceof SimMessage.Fetch fetch) {
            sim.network().send(id, from, answerFetch(from, fetch));
        } else if (message instanceof SimMessage.FetchAnswer answer) {
            onFetchAnswer(from, answer);
        } else if (message instanceof SimMessage.Produce produce) {
            onProduce(from, produce);
        } else {
            throw new IllegalStateException("node " + id + " cannot handle " + message);
        }
    }

    // ---- metadata (ReplicationManager.onMetadata / applyRole / updateFetchers) ------------------

    private void onMetadata(SimMessage.MetadataPush push) {
        if (push.version() <= appliedVersion) {
            return;
        }
        appliedVersion = push.version();
        Set<Integer> leadersFollowed = new HashSet<>();
        for (MetadataModel.PartitionState partition : push.partitions()) {
            ReplicaModel replica = replica(partition.partition());
            if (replica != null) {
                applyRole(replica, partition);
                if (replica.role instanceof ReplicaRole.Following following) {
                    leadersFollowed.add(following.leaderId());
                }
            }
        }
        // A fetcher for a leader no longer followed stops: its outstanding requests die with it.
        for (Iterator<Map.Entry<Integer, Integer>> it = fetchers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Integer> fetcher = it.next();
            if (!leadersFollowed.contains(fetcher.getKey())) {
                fetcher.setValue(fetcher.getValue() + 1);
            }
        }
        for (int leader : leadersFollowed) {
            fetchers.putIfAbsent(leader, 0);
        }
    }

    private void applyRole(ReplicaModel r, MetadataModel.PartitionState partition) {
        ReplicaRole role = r.role;
        int epoch = partition.leaderEpoch();
        if (epoch < role.leaderEpoch()) {
            return;
        }
        if (partition.leader() == id) {
            if (!(role instanceof ReplicaRole.Leading leading) || leading.leaderEpoch() != epoch) {
                Set<Integer> isr = new HashSet<>(partition.isr());
                isr.add(id);
                becomeLeader(r, new LeaderState(id, epoch, partition.partitionEpoch(), partition.replicas(), isr,
                        r.highWatermark(), sim.network().nowMs()));
            } else if (partition.partitionEpoch() > leading.state().partitionEpoch()) {
                isrChanged(r, Set.copyOf(partition.isr()), partition.partitionEpoch());
            }
        } else if (partition.leader() >= 0) {
            if (!(role instanceof ReplicaRole.Following following) || following.leaderEpoch() != epoch
                    || following.leaderId() != partition.leader()) {
                becomeFollower(r, partition.leader(), epoch);
            }
        } else if (!(role instanceof ReplicaRole.Offline) || role.leaderEpoch() != epoch) {
            r.role = new ReplicaRole.Offline(epoch);
            failAll(r, ErrorCode.LEADER_NOT_AVAILABLE);
        }
    }

    // ---- Replica: role changes ----------------------------------------------------------------

    private void becomeLeader(ReplicaModel r, LeaderState state) {
        sim.checker().onBecomeLeader(r.partition, state.leaderEpoch(), id);
        r.log.recordLeaderEpoch(state.leaderEpoch());
        if (sim.settings().expansionNeedsEpochStart()) {
            state.epochStartOffset(r.log.logEndOffset()); // as Replica does under its write lock
        }
        r.waitersHighWatermark = state.highWatermark();
        r.signalledHighWatermark = -1;
        r.role = new ReplicaRole.Leading(state);
        advanceHighWatermark(r, state.maybeAdvanceHighWatermark(r.log.logEndOffset()));
    }

    private void becomeFollower(ReplicaModel r, int leaderId, int leaderEpoch) {
        long highWatermark = r.highWatermark();
        r.role = new ReplicaRole.Following(leaderId, leaderEpoch, false);
        r.followerHighWatermark = Math.min(highWatermark, r.log.logEndOffset());
        failAll(r, ErrorCode.NOT_LEADER_OR_FOLLOWER);
    }

    private void isrChanged(ReplicaModel r, Set<Integer> isr, int partitionEpoch) {
        LeaderState leader = ((ReplicaRole.Leading) r.role).state();
        leader.isrChanged(isr, partitionEpoch, r.log.logEndOffset());
        advanceHighWatermark(r, leader.highWatermark());
    }

    // ---- Replica: leader side -----------------------------------------------------------------

    /** Replica.append with acks=all: ISR checked before the append, completion by the configured rule. */
    private void onProduce(int client, SimMessage.Produce produce) {
        ReplicaModel r = replica(produce.partition());
        if (r == null || !(r.role instanceof ReplicaRole.Leading leading)) {
            answer(client, produce.requestId(), produce.partition(), -1, -1, ErrorCode.NOT_LEADER_OR_FOLLOWER);
            return;
        }
        LeaderState leader = leading.state();
        if (leader.isr().size() < sim.settings().minInsync()) {
            answer(client, produce.requestId(), produce.partition(), -1, -1, ErrorCode.NOT_ENOUGH_REPLICAS);
            return;
        }
        ModelLog.Entry entry = r.log.appendAsLeader(leader.leaderEpoch(), produce.payload());
        advanceHighWatermark(r, leader.maybeAdvanceHighWatermark(r.log.logEndOffset()));
        Waiter waiter = new Waiter(produce.requestId(), entry.offset(), entry.epoch(),
                sim.network().nowMs() + ReplicationSimulation.PRODUCE_TIMEOUT_MS);
        if (r.waitersHighWatermark >= entry.offset() + 1) {
            complete(r, waiter);
        } else {
            r.waiters.computeIfAbsent(entry.offset() + 1, k -> new ArrayList<>()).add(waiter);
        }
    }

    private void advanceHighWatermark(ReplicaModel r, long highWatermark) {
        if (highWatermark > r.signalledHighWatermark) {
            r.signalledHighWatermark = highWatermark;
            r.waitersHighWatermark = Math.max(r.waitersHighWatermark, highWatermark);
            while (!r.waiters.isEmpty() && r.waiters.firstKey() <= r.waitersHighWatermark) {
                r.waiters.pollFirstEntry().getValue().forEach(waiter -> complete(r, waiter));
            }
        }
    }

    /** The completion rule: the fixed one re-checks the ISR (NOT_ENOUGH_REPLICAS_AFTER_APPEND), the old one did not. */
    private void complete(ReplicaModel r, Waiter waiter) {
        LeaderState leader = ((ReplicaRole.Leading) r.role).state();
        if (sim.settings().fixedAckRule() && leader.isr().size() < sim.settings().minInsync()) {
            answer(ReplicationSimulation.CLIENT, waiter.requestId(), r.partition, -1, -1,
                    ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
            return;
        }
        answer(ReplicationSimulation.CLIENT, waiter.requestId(), r.partition, waiter.offset(), waiter.epoch(), null);
    }

    private void failAll(ReplicaModel r, ErrorCode error) {
        for (List<Waiter> waiting : r.waiters.values()) {
            waiting.forEach(w -> answer(ReplicationSimulation.CLIENT, w.requestId(), r.partition, -1, -1, error));
        }
        r.waiters.clear();
    }

    private void expireWaiters(ReplicaModel r) {
        long now = sim.network().nowMs();
        for (List<Waiter> waiting : r.waiters.values()) {
            waiting.removeIf(w -> {
                boolean expired = w.deadlineMs() <= now;
                if (expired) {
                    answer(ReplicationSimulation.CLIENT, w.requestId(), r.partition, -1, -1, ErrorCode.REQUEST_TIMED_OUT);
                }
                return expired;
            });
        }
        r.waiters.values().removeIf(List::isEmpty);
    }

    private void answer(int client, long requestId, int partition, long offset, int epoch, ErrorCode error) {
        sim.network().send(id, client, new SimMessage.ProduceAnswer(requestId, partition, offset, epoch, error));
    }

    /** PartitionGrpcService.offsetForLeaderEpoch. */
    private SimMessage answerEpochQuery(SimMessage.EpochQuery query) {
        ReplicaModel r = replica(query.partition());
        if (r == null || !(r.role instanceof ReplicaRole.Leading leading)) {
            return new SimMessage.EpochAnswer(query.requestId(), query.partition(), null, ErrorCode.NOT_LEADER_OR_FOLLOWER);
        }
        int epoch = leading.state().leaderEpoch();
        if (query.currentLeaderEpoch() != epoch) {
            return new SimMessage.EpochAnswer(query.requestId(), query.partition(), null,
                    query.currentLeaderEpoch() < epoch ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH);
        }
        return new SimMessage.EpochAnswer(query.requestId(), query.partition(),
                r.log.endOffsetFor(query.lastFetchedEpoch()), null);
    }

    /** ReplicaFetchHandler.fetchOne and Replica.readForFollower. */
    private SimMessage answerFetch(int follower, SimMessage.Fetch fetch) {
        ReplicaModel r = replica(fetch.partition());
        if (r == null || !(r.role instanceof ReplicaRole.Leading leading)) {
            return fetchError(fetch, r, ErrorCode.NOT_LEADER_OR_FOLLOWER);
        }
        LeaderState leader = leading.state();
        if (fetch.leaderEpoch() != leader.leaderEpoch()) {
            return fetchError(fetch, r, fetch.leaderEpoch() < leader.leaderEpoch()
                    ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH);
        }
        if (fetch.fetchOffset() < 0 || fetch.fetchOffset() > r.log.logEndOffset()) {
            return fetchError(fetch, r, ErrorCode.OFFSET_OUT_OF_RANGE);
        }
        List<ModelLog.Entry> entries = r.log.read(fetch.fetchOffset(), ReplicationSimulation.FETCH_MAX_ENTRIES);
        advanceHighWatermark(r, leader.onFollowerFetch(follower, fetch.fetchOffset(), r.log.logEndOffset(),
                sim.network().nowMs()));
        return new SimMessage.FetchAnswer(fetch.requestId(), fetch.partition(), entries, r.highWatermark(),
                r.log.logEndOffset(), null);
    }

    private static SimMessage fetchError(SimMessage.Fetch fetch, ReplicaModel r, ErrorCode error) {
        return new SimMessage.FetchAnswer(fetch.requestId(), fetch.partition(), List.of(), -1,
                r == null ? -1 : r.log.logEndOffset(), error);
    }

    // ---- ReplicationManager: ISR proposals (one blocking AlterPartition at a time per node) -----

    private void maybeChangeIsrs() {
        long now = sim.network().nowMs();
        if (alterInFlightId != 0 && now < alterDeadlineMs) {
            return;
        }
        alterInFlightId = 0;
        for (ReplicaModel r : replicas.values()) {
            if (r.role instanceof ReplicaRole.Leading leading) {
                LeaderState state = leading.state();
                Optional<Set<Integer>> proposed = state.proposedIsr(now, ReplicationSimulation.LAG_MAX_MS);
                if (proposed.isPresent() && sim.settings().maximalIsr()) {
                    proposed = state.proposing(proposed.get()); // as ReplicationManager: joiners count from now on
                }
                if (proposed.isPresent()) {
                    alterInFlightId = ++nextRequestId;
                    alterDeadlineMs = now + ReplicationSimulation.ALTER_TIMEOUT_MS;
                    alterState = state;
                    sim.network().send(id, ReplicationSimulation.METADATA, new SimMessage.AlterPartition(alterInFlightId,
                            r.partition, id, state.leaderEpoch(), state.partitionEpoch(),
                            proposed.get().stream().sorted().toList()));
                    return;
                }
            }
        }
    }

    private void onAlterAnswer(SimMessage.AlterPartitionAnswer answer) {
        if (answer.requestId() != alterInFlightId || sim.network().nowMs() > alterDeadlineMs) {
            return;
        }
        alterInFlightId = 0;
        ReplicaModel r = replica(answer.partition());
        if (answer.error() == null && r.role instanceof ReplicaRole.Leading now && now.state() == alterState) {
            isrChanged(r, Set.copyOf(answer.state().isr()), answer.state().partitionEpoch());
        }
    }

    // ---- ReplicaFetcher ----------------------------------------------------------------------

    private void fetchTick() {
        for (ReplicaModel r : replicas.values()) {
            expireWaiters(r);
            maybeSendFetch(r);
        }
    }

    /** The replica's next OffsetForLeaderEpoch or fetch, unless one is outstanding (one at a time, as the real fetcher). */
    private void maybeSendFetch(ReplicaModel r) {
        if (!(r.role instanceof ReplicaRole.Following following)) {
            return;
        }
        long now = sim.network().nowMs();
        int generation = fetchers.getOrDefault(following.leaderId(), 0);
        boolean busy = r.outstandingId != 0 && now < r.outstandingDeadlineMs
                && r.outstandingGeneration == generation && r.outstandingRole instanceof ReplicaRole.Following sent
                && sent.leaderId() == following.leaderId();
        if (busy) {
            return;
        }
        r.outstandingId = ++nextRequestId;
        r.outstandingDeadlineMs = now + ReplicationSimulation.FETCH_TIMEOUT_MS;
        r.outstandingRole = following;
        r.outstandingGeneration = generation;
        SimMessage request = following.truncated()
                ? new SimMessage.Fetch(r.outstandingId, r.partition, r.log.logEndOffset(), following.leaderEpoch())
                : new SimMessage.EpochQuery(r.outstandingId, r.partition, following.leaderEpoch(), r.log.latestEpoch());
        sim.network().send(id, following.leaderId(), request);
    }

    /** The answer to this replica's outstanding request from a fetcher that still runs, or null. */
    private ReplicaModel current(int from, long requestId, int partition) {
        ReplicaModel r = replica(partition);
        if (r == null || r.outstandingId != requestId || sim.network().nowMs() > r.outstandingDeadlineMs) {
            return null;
        }
        r.outstandingId = 0;
        boolean fetcherRuns = r.outstandingRole instanceof ReplicaRole.Following sent && sent.leaderId() == from
                && fetchers.getOrDefault(from, -1) == r.outstandingGeneration;
        return fetcherRuns && r.role instanceof ReplicaRole.Following f && f.leaderId() == from ? r : null;
    }

    /** ReplicaFetcher.truncate, after the answer: cut what the leader never had, then fetch. */
    private void onEpochAnswer(int from, SimMessage.EpochAnswer answer) {
        ReplicaModel r = current(from, answer.requestId(), answer.partition());
        if (r == null || answer.error() != null) {
            return;
        }
        EpochEndOffset end = answer.end();
        ModelLog log = r.log;
        long cut = end.epoch() < 0 && log.latestEpoch() >= 0 ? r.highWatermark() : end.endOffset();
        boolean again = false;
        if (sim.settings().kafkaTruncation() && end.epoch() >= 0 && end.epoch() < log.latestEpoch()) {
            // The leader's answer is for an older epoch than ours: our own stretch of that epoch may
            // end earlier, and what we hold beyond it was written by an epoch the leader never had.
            // When we do not have that epoch at all, cut to where our older epochs end and ask again
            // (unless nothing was cut: then nothing we hold lies beyond what the leader has).
            EpochEndOffset own = log.endOffsetFor(end.epoch());
            cut = Math.min(cut, Math.max(0, own.endOffset()));
            again = own.epoch() != end.epoch() && cut < log.logEndOffset();
        }
        if (end.epoch() >= 0 || log.latestEpoch() >= 0) {
            sim.checker().onTruncation(r.partition, id, cut, log.logEndOffset());
            log.truncateTo(Math.max(0, cut));
        }
        if (!again && r.role.equals(r.outstandingRole)) {
            ReplicaRole.Following following = (ReplicaRole.Following) r.role;
            r.role = new ReplicaRole.Following(following.leaderId(), following.leaderEpoch(), true);
        }
    }

    /** ReplicaFetcher.apply. */
    private void onFetchAnswer(int from, SimMessage.FetchAnswer answer) {
        ReplicaModel r = current(from, answer.requestId(), answer.partition());
        if (r == null) {
            return;
        }
        if (answer.error() == null) {
            if (!r.log.appendAsFollower(answer.entries())) {
                return; // the real append throws OFFSET_OUT_OF_RANGE; the fetcher backs off
            }
            r.followerHighWatermark = Math.min(answer.highWatermark(), r.log.logEndOffset());
            if (!answer.entries().isEmpty()) {
                maybeSendFetch(r); // the real fetcher asks again at once after data; after none it waits (long poll)
            }
        } else if (answer.error() == ErrorCode.OFFSET_OUT_OF_RANGE && r.log.logEndOffset() > answer.logEndOffset()) {
            sim.checker().onTruncation(r.partition, id, answer.logEndOffset(), r.log.logEndOffset());
            r.log.truncateTo(answer.logEndOffset());
        }
    }
}
