package io.strata.node.simulation;

import io.strata.node.replica.LeaderState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * One seeded run of the replication simulation: 3 to 5 partition nodes, 1 to 3 partitions of
 * replication factor 3 with {@code min.insync.replicas} 2, the metadata service with its controller
 * ({@link MetadataModel}), a client producing with {@code acks=all} to whichever node the metadata
 * names leader, and a nemesis that crashes and restarts nodes, cuts the network into two sides or
 * cuts a node off the metadata service, and (when allowed) loses one node for good. The network
 * loses, duplicates and delays (so reorders) every kind of message. After the chaos everything
 * heals (every node restarts, the network is whole and reliable) and the run goes on for a while.
 * The {@link InvariantChecker} runs after every step; a violation is thrown with the seed and the
 * last events.
 *
 * <p>Not simulated: the real {@code Controller} class (raft, the controller-epoch claim; the
 * planner is called directly with lease-based liveness), losing an unflushed tail on a crash
 * (every append counts as durable), retention, idempotent producers (a duplicated produce is
 * appended twice; duplicates are not checked here), several partitions per fetch request.
 *
 * <p>The same seed gives the same run: one {@link Random} decides everything and the event queue
 * orders ties by scheduling order. Not thread-safe.
 */
final class ReplicationSimulation implements SimulatedNetwork.Receiver {

    static final int METADATA = 0;
    static final int CLIENT = -1;
    /** replica.lag.time.max.ms, scaled down from 30 s as every other interval is. */
    static final long LAG_MAX_MS = 1_000;
    /** ReplicationManager's ISR check period: a quarter of the lag limit. */
    static final long ISR_CHECK_MS = LAG_MAX_MS / 4;
    static final long FETCH_TICK_MS = 50;
    static final long HEARTBEAT_MS = 150;
    static final long FETCH_TIMEOUT_MS = 1_000;
    static final long ALTER_TIMEOUT_MS = 1_000;
    static final long PRODUCE_TIMEOUT_MS = 2_000;
    static final int FETCH_MAX_ENTRIES = 8;
    private static final long LEASE_MS = 600;
    private static final long CONTROLLER_TICK_MS = 100;
    private static final long PUSH_MS = 150;
    private static final int REPLICATION_FACTOR = 3;
    /** How long after the end of a run the cluster may take to settle (see InvariantChecker.unsettled). */
    private static final long SETTLE_MS = 2_000;

    /**
     * @param fixedAckRule        acks=all completes only with the ISR at least min.insync.replicas at
     *                            completion (false: the old rule, high watermark alone)
     * @param minInsync           min.insync.replicas
     * @param chaosMs             how long the nemesis acts
     * @param healMs              how long the run goes on after everything healed
     * @param allowPermanentLoss  whether the nemesis may lose min.insync.replicas − 1 nodes for good
     * @param kafkaTruncation     a follower whose leader answers an older epoch than it asked for also
     *                            cuts at its own end of that epoch, and asks again when it does not have
     *                            that epoch (Kafka's KIP-279 rule); false: only at the leader's end
     *                            offset, as ReplicaFetcher had it before seed 1
     * @param strictHighWatermark HighWatermarkMonotonic across a leader's restart at the same epoch
     * @param maximalIsr          the leader counts a proposed new ISR member for the high watermark from
     *                            the moment it proposes it (KIP-497, LeaderState.proposing, as
     *                            ReplicationManager does); false: only once the accepted answer (or the
     *                            metadata) arrives, as the code had it before seed 54
     * @param dropEmptyEpochs     a follower's append drops the epochs the epoch cache has at or after
     *                            the log end (an epoch recorded on becoming leader that never got a
     *                            record); false: they stay, as LeaderEpochCache.assign had it before seed 7292
     * @param expansionNeedsEpochStart a follower joins the ISR only once it also reaches the offset
     *                            where the leader's epoch began (Kafka's rule); false: the high
     *                            watermark alone, as LeaderState.proposedIsr had it before seed 220
     */
    record Settings(boolean fixedAckRule, int minInsync, long chaosMs, long healMs, boolean allowPermanentLoss,
                    boolean kafkaTruncation, boolean strictHighWatermark, boolean maximalIsr,
                    boolean dropEmptyEpochs, boolean expansionNeedsEpochStart) {
        static Settings standard() {
            return new Settings(true, 2, 3_000, 2_000, true, true, false, true, true, true);
        }

        Settings withFixedAckRule(boolean fixed) {
            return new Settings(fixed, minInsync, chaosMs, healMs, allowPermanentLoss, kafkaTruncation, strictHighWatermark,
                    maximalIsr, dropEmptyEpochs, expansionNeedsEpochStart);
        }

        Settings withKafkaTruncation(boolean kafka) {
            return new Settings(fixedAckRule, minInsync, chaosMs, healMs, allowPermanentLoss, kafka, strictHighWatermark,
                    maximalIsr, dropEmptyEpochs, expansionNeedsEpochStart);
        }

        Settings withStrictHighWatermark(boolean strict) {
            return new Settings(fixedAckRule, minInsync, chaosMs, healMs, allowPermanentLoss, kafkaTruncation, strict,
                    maximalIsr, dropEmptyEpochs, expansionNeedsEpochStart);
        }

        Settings withMaximalIsr(boolean maximal) {
            return new Settings(fixedAckRule, minInsync, chaosMs, healMs, allowPermanentLoss, kafkaTruncation,
                    strictHighWatermark, maximal, dropEmptyEpochs, expansionNeedsEpochStart);
        }

        Settings withDropEmptyEpochs(boolean drop) {
            return new Settings(fixedAckRule, minInsync, chaosMs, healMs, allowPermanentLoss, kafkaTruncation,
                    strictHighWatermark, maximalIsr, drop, expansionNeedsEpochStart);
        }

        Settings withExpansionNeedsEpochStart(boolean needs) {
            return new Settings(fixedAckRule, minInsync, chaosMs, healMs, allowPermanentLoss, kafkaTruncation,
                    strictHighWatermark, maximalIsr, dropEmptyEpochs, needs);
        }
    }

    /** A produce the client sent and has no answer to yet. */
    private record PendingProduce(int partition, long payload) {
    }

    /** What one run did, for the figures a test prints. */
    record Outcome(long seed, long steps, long acknowledged, long committed, long elections, long truncatedEntries,
                   int crashes, int cuts, long fingerprint) {
    }

    private final long seed;
    private final Settings settings;
    private final Random random;
    private final SimulatedNetwork network;
    private final MetadataModel metadata;
    private final InvariantChecker checker;
    private final List<SimulatedNode> nodes = new ArrayList<>();
    private final Map<Integer, Long> lastHeartbeat = new HashMap<>();
    private final Map<Long, PendingProduce> pending = new HashMap<>();
    private final boolean restorePreferred;
    private long nextRequestId;
    private long nextPayload;
    private long elections;
    private int crashes;
    private int cuts;
    private int permanentlyLost;

    ReplicationSimulation(long seed, Settings settings) {
        this.seed = seed;
        this.settings = settings;
        this.random = new Random(seed);
        int nodeCount = 3 + random.nextInt(3);
        int partitionCount = 1 + random.nextInt(3);
        this.restorePreferred = random.nextBoolean();
        this.network = new SimulatedNetwork(random, this, 0.01 + random.nextDouble() * 0.05, 0.02, 400);
        List<Integer> ids = new ArrayList<>();
        for (int id = 1; id <= nodeCount; id++) {
            nodes.add(new SimulatedNode(id, this));
            ids.add(id);
        }
        List<List<Integer>> assignment = new ArrayList<>();
        for (int p = 0; p < partitionCount; p++) {
            Collections.shuffle(ids, random);
            List<Integer> replicas = List.copyOf(ids.subList(0, REPLICATION_FACTOR));
            assignment.add(replicas);
            for (int id : replicas) {
                node(id).addReplica(p);
            }
        }
        this.metadata = new MetadataModel(assignment);
        this.checker = new InvariantChecker(this, partitionCount);
        for (MetadataModel.PartitionState partition : metadata.partitions()) {
            checker.onElected(partition.partition(), partition.leaderEpoch(), partition.leader());
        }
    }

    SimulatedNetwork network() {
        return network;
    }

    MetadataModel metadata() {
        return metadata;
    }

    InvariantChecker checker() {
        return checker;
    }

    Settings settings() {
        return settings;
    }

    List<SimulatedNode> nodes() {
        return nodes;
    }

    SimulatedNode node(int id) {
        return nodes.get(id - 1);
    }

    int permanentlyLost() {
        return permanentlyLost;
    }

    /** Runs to the end; an invariant's violation is thrown with the seed and the trace. */
    Outcome run() {
        long endMs = settings.chaosMs() + settings.healMs();
        network.schedule(endMs, "end of the run: settling", () -> { });
        for (SimulatedNode node : nodes) {
            node.start();
            lastHeartbeat.put(node.id(), 0L);
        }
        loop(CONTROLLER_TICK_MS, "controller", this::controllerTick);
        loop(PUSH_MS, "metadata push", this::pushMetadata);
        network.schedule(1, "client", this::produce);
        network.schedule(100, "nemesis", this::nemesis);
        network.schedule(settings.chaosMs(), "heal everything", this::heal);
        try {
            while (network.step(endMs)) {
                checker.checkAll();
            }
            // Settling: a last election or ISR change may still be on its way; it gets a bounded while.
            while (checker.unsettled() != null && network.step(endMs + SETTLE_MS)) {
                checker.checkAll();
            }
            checker.checkSettled();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (rerun with -Dsim.seed=" + seed + "), at t=" + network.nowMs()
                    + " ms, step " + network.steps() + ": " + e.getMessage() + "\n" + describe() + "last events:\n"
                    + network.trace(), e);
        }
        return new Outcome(seed, network.steps(), checker.acknowledged(), checker.committedEntries(), elections,
                checker.truncatedEntries(), crashes, cuts, network.fingerprint());
    }

    private String describe() {
        StringBuilder text = new StringBuilder();
        text.append(nodes.size()).append(" nodes, ").append(settings).append(", restorePreferred ")
                .append(restorePreferred).append('\n');
        for (MetadataModel.PartitionState partition : metadata.partitions()) {
            text.append("  metadata: ").append(partition).append('\n');
        }
        for (SimulatedNode node : nodes) {
            for (SimulatedNode.ReplicaModel r : node.replicas().values()) {
                text.append("  node ").append(node.id()).append(node.up() ? "" : node.permanentlyDead() ? " (lost)" : " (down)")
                        .append(" p").append(r.partition).append(' ').append(r.role).append(" hw ").append(r.highWatermark())
                        .append(" leo ").append(r.log.logEndOffset()).append(" epochs ").append(r.log.epochStarts())
                        .append('\n');
            }
        }
        return text.toString();
    }

    private void loop(long periodMs, String what, Runnable body) {
        network.schedule(periodMs, what, () -> {
            body.run();
            loop(periodMs, what, body);
        });
    }

    @Override
    public void deliver(int from, int to, SimMessage message, long sentAtMs) {
        if (to == METADATA) {
            onMetadataRequest(from, message);
        } else if (to == CLIENT) {
            onProduceAnswer((SimMessage.ProduceAnswer) message);
        } else if (sentAtMs >= node(to).startedAtMs()) {
            node(to).deliver(from, message);
        }
    }

    // ---- the metadata service and controller ------------------------------------------------

    private void onMetadataRequest(int from, SimMessage message) {
        if (message instanceof SimMessage.Heartbeat heartbeat) {
            lastHeartbeat.put(heartbeat.node(), network.nowMs());
        } else if (message instanceof SimMessage.AlterPartition alter) {
            MetadataModel.AlterResult result = metadata.alterIsr(alter.partition(), alter.leader(), alter.leaderEpoch(),
                    alter.partitionEpoch(), alter.isr());
            network.send(METADATA, from, new SimMessage.AlterPartitionAnswer(alter.requestId(), alter.partition(),
                    result.state(), result.error()));
            if (result.error() == null) {
                pushMetadata();
            }
        }
    }

    private void controllerTick() {
        Set<Integer> live = new TreeSet<>();
        lastHeartbeat.forEach((node, seenMs) -> {
            if (network.nowMs() - seenMs <= LEASE_MS) {
                live.add(node);
            }
        });
        List<MetadataModel.PartitionState> changed = metadata.elect(live, restorePreferred);
        for (MetadataModel.PartitionState partition : changed) {
            elections++;
            checker.onElected(partition.partition(), partition.leaderEpoch(), partition.leader());
        }
        if (!changed.isEmpty()) {
            pushMetadata();
        }
    }

    private void pushMetadata() {
        SimMessage.MetadataPush push = new SimMessage.MetadataPush(metadata.version(), metadata.partitions());
        for (SimulatedNode node : nodes) {
            network.send(METADATA, node.id(), push);
        }
    }

    // ---- the client -------------------------------------------------------------------------

    private void produce() {
        if (network.nowMs() < settings.chaosMs() + settings.healMs() - 1_000) {
            int partition = random.nextInt(metadata.partitions().size());
            int leader = metadata.partition(partition).leader();
            if (leader >= 0) {
                long requestId = ++nextRequestId;
                long payload = ++nextPayload;
                pending.put(requestId, new PendingProduce(partition, payload));
                network.send(CLIENT, leader, new SimMessage.Produce(requestId, partition, payload));
            }
            network.schedule(2 + random.nextInt(20), "client", this::produce);
        }
    }

    private void onProduceAnswer(SimMessage.ProduceAnswer answer) {
        PendingProduce request = pending.remove(answer.requestId());
        if (request != null && answer.error() == null) {
            checker.onClientAcknowledged(request.partition(), answer.offset(), answer.epoch(), request.payload());
        }
    }

    // ---- the nemesis ------------------------------------------------------------------------

    private void nemesis() {
        if (network.nowMs() >= settings.chaosMs()) {
            return;
        }
        double dice = random.nextDouble();
        List<SimulatedNode> up = nodes.stream().filter(SimulatedNode::up).toList();
        if (dice < 0.25 && !up.isEmpty()) {
            SimulatedNode victim = up.get(random.nextInt(up.size()));
            crash(victim, false);
            network.schedule(50 + random.nextInt(1_500), "restart node " + victim.id(), () -> restart(victim));
        } else if (dice < 0.32 && settings.allowPermanentLoss() && permanentlyLost < settings.minInsync() - 1
                && network.nowMs() > settings.chaosMs() / 3) {
            List<SimulatedNode> leaders = up.stream()
                    .filter(n -> metadata.partitions().stream().anyMatch(p -> p.leader() == n.id())).toList();
            if (!leaders.isEmpty()) {
                permanentlyLost++;
                crash(leaders.get(random.nextInt(leaders.size())), true);
            }
        } else if (dice < 0.55) {
            cutSides();
        } else if (dice < 0.65) {
            SimulatedNode victim = nodes.get(random.nextInt(nodes.size()));
            cuts++;
            network.note("cut node " + victim.id() + " | metadata");
            network.cut(victim.id(), METADATA);
            network.schedule(200 + random.nextInt(1_500), "heal the network", network::healAll);
        }
        network.schedule(100 + random.nextInt(300), "nemesis", this::nemesis);
    }

    private void crash(SimulatedNode victim, boolean permanently) {
        crashes++;
        network.note((permanently ? "lose node " : "crash node ") + victim.id());
        victim.crash(permanently);
    }

    private void restart(SimulatedNode node) {
        if (!node.up() && !node.permanentlyDead()) {
            node.start();
        }
    }

    /** Splits the nodes into two sides (the metadata service on one of them) for a while. */
    private void cutSides() {
        List<Integer> side = new ArrayList<>();
        for (SimulatedNode node : nodes) {
            if (random.nextBoolean()) {
                side.add(node.id());
            }
        }
        if (side.isEmpty() || side.size() == nodes.size()) {
            return;
        }
        boolean metadataWithSide = random.nextBoolean();
        cuts++;
        network.note("cut " + side + (metadataWithSide ? " + metadata" : "") + " | rest");
        for (SimulatedNode node : nodes) {
            boolean inSide = side.contains(node.id());
            if (inSide != metadataWithSide) {
                network.cut(node.id(), METADATA);
            }
            if (!inSide) {
                side.forEach(other -> network.cut(node.id(), other));
            }
        }
        network.schedule(200 + random.nextInt(1_800), "heal the network", network::healAll);
    }

    private void heal() {
        network.healAll();
        network.calm();
        for (SimulatedNode node : nodes) {
            restart(node);
        }
    }
}
