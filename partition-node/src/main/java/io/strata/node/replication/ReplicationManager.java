package io.strata.node.replication;

import io.strata.node.identity.NodeChannels;
import io.grpc.ManagedChannel;
import io.strata.api.channel.ReconnectAfterFailure;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strata.api.error.GrpcErrors;
import io.strata.api.v1.AlterPartitionRequest;
import io.strata.api.v1.AlterPartitionResult;
import io.strata.api.v1.AlterPartitionsRequest;
import io.strata.api.v1.AlterPartitionsResponse;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.node.config.NodeConfig;
import io.strata.node.eventlog.PartitionEventLog;
import io.strata.node.membership.ClusterView;
import io.strata.node.membership.MetadataFollower;
import io.strata.node.replica.LeaderState;
import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replica.ReplicaRole;
import io.strata.node.replica.TopicPartition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.strata.node.eventlog.PartitionEventLog.Event.ISR_CHANGE;
import static io.strata.node.eventlog.PartitionEventLog.Event.LEADER_CHANGE;
/**
 * Turns the metadata into replication: after every metadata change it gives each local replica
 * the role the metadata names (leader or follower at a leader epoch, never going back in
 * epochs), keeps one {@link ReplicaFetcher} per leader node this node follows, and, as leader,
 * proposes ISR changes to the metadata service (AlterPartitions, many partitions a request),
 * acting on them only once accepted.
 *
 * <p>Role changes run on the membership thread that applies the metadata; ISR proposals on a
 * thread of their own. A stand-alone node (no metadata service) leads everything alone and runs
 * none of this.
 */
@ApplicationScoped
public class ReplicationManager {

    private static final System.Logger LOG = System.getLogger(ReplicationManager.class.getName());
    /**
     * The most partitions one AlterPartitions request carries (the metadata service accepts up to
     * its strata.metadata.max-isr-changes-per-request, 10,000 by default). Small enough that a
     * batch commits well within {@link #ISR_REQUEST_TIMEOUT_MS} on a loaded machine: at 3,000
     * partitions and load 40, batches of 1,000 took over 10 s, and each one that timed out was
     * cancelled, which cost the connection (see the root README, "Scale").
     */
    static final int MAX_ISR_CHANGES_PER_REQUEST = 250;
    /** How long an AlterPartitions request may take; an unanswered change is proposed again at the next check. */
    private static final long ISR_REQUEST_TIMEOUT_MS = 10_000;

    @Inject
    NodeConfig config;
    @Inject
    ReplicationConfig replication;
    @Inject
    NodeChannels channels;
    @Inject
    ReplicaManager replicas;
    @Inject
    MetadataFollower follower;
    @Inject
    MeterRegistry metrics;
    @Inject
    ThrottleConfigs throttleConfigs;

    private final Map<Integer, ReplicaFetcher> fetchers = new HashMap<>();
    private ReassignmentThrottle throttle;
    private ScheduledExecutorService isrThread;
    private ManagedChannel metadataChannel;
    private MetadataServiceGrpc.MetadataServiceBlockingStub metadata;

    void start(@Observes StartupEvent event) {
        if (config.metadataUrl().isEmpty()) {
            return;
        }
        metadataChannel = channels.toUrl(config.metadataUrl().get(), "strata.node.metadata-url");
        metadata = MetadataServiceGrpc.newBlockingStub(ReconnectAfterFailure.wrap(metadataChannel));
        throttle = throttleConfigs.throttle();
        follower.addListener(this::onMetadata);
        isrThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "strata-isr");
            thread.setDaemon(true);
            return thread;
        });
        long periodMs = Math.max(100, config.replicaLagTimeMax().toMillis() / 4);
        isrThread.scheduleWithFixedDelay(this::maybeChangeIsrs, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (isrThread == null) {
            return;
        }
        isrThread.shutdownNow();
        synchronized (fetchers) {
            fetchers.values().forEach(ReplicaFetcher::stop);
            fetchers.clear();
        }
        metadataChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** On the membership thread, after every applied metadata event. */
    private void onMetadata(ClusterView view) {
        Set<Integer> leadersFollowed = new HashSet<>();
        Set<TopicPartition> catchingUp = new HashSet<>();
        for (TopicDescription topic : view.topics()) {
            for (PartitionDescription partition : topic.getPartitionsList()) {
                if (partition.getAddingReplicasList().contains(replicas.nodeId())
                        && !partition.getIsrList().contains(replicas.nodeId())) {
                    catchingUp.add(new TopicPartition(topic.getName(), partition.getPartition()));
                }
                Optional<Replica> replica = replicas.find(new TopicPartition(topic.getName(), partition.getPartition()));
                if (replica.isPresent() && replica.get().topicId().equals(topic.getTopicId())) {
                    applyRoleOf(replica.get(), partition);
                    if (replica.get().role() instanceof ReplicaRole.Following following) {
                        leadersFollowed.add(following.leaderId());
                    }
                }
            }
        }
        throttle.throttle(catchingUp);
        updateFetchers(leadersFollowed, view.nodes());
    }

    /**
     * One replica's role change never stops the others': a replica that cannot take its role (its
     * disk is full, so the new leader epoch cannot be recorded) is logged and tried again with the
     * next metadata change, while the partitions after it still change role now.
     */
    private void applyRoleOf(Replica replica, PartitionDescription partition) {
        try {
            applyRole(replica, partition);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot apply the metadata's role for " + replica.id() + " (leader "
                    + partition.getLeader() + " at epoch " + partition.getLeaderEpoch() + "): " + e.getMessage(), e);
        }
    }

    private void applyRole(Replica replica, PartitionDescription partition) {
        ReplicaRole role = replica.role();
        int epoch = partition.getLeaderEpoch();
        if (epoch < role.leaderEpoch()) {
            return;
        }
        int self = replicas.nodeId();
        if (partition.getLeader() == self) {
            if (!(role instanceof ReplicaRole.Leading leading) || leading.leaderEpoch() != epoch) {
                Set<Integer> isr = new HashSet<>(partition.getIsrList());
                isr.add(self);
                PartitionEventLog.log(LOG, System.Logger.Level.INFO, LEADER_CHANGE, replica.id(),
                        "leading " + replica.id() + " at epoch " + epoch + " with ISR " + isr);
                replica.becomeLeader(new LeaderState(self, epoch, partition.getPartitionEpoch(), partition.getReplicasList(),
                        isr, replica.highWatermark(), System.currentTimeMillis()));
            } else if (partition.getPartitionEpoch() > leading.state().partitionEpoch()) {
                replica.isrChanged(leading.state(), Set.copyOf(partition.getIsrList()), partition.getPartitionEpoch());
            }
        } else if (partition.getLeader() >= 0) {
            if (!(role instanceof ReplicaRole.Following following) || following.leaderEpoch() != epoch
                    || following.leaderId() != partition.getLeader()) {
                PartitionEventLog.log(LOG, System.Logger.Level.INFO, LEADER_CHANGE, replica.id(),
                        "following node " + partition.getLeader() + " for " + replica.id() + " at epoch " + epoch);
                replica.becomeFollower(partition.getLeader(), epoch);
            }
        } else if (!(role instanceof ReplicaRole.Offline) || role.leaderEpoch() != epoch) {
            PartitionEventLog.log(LOG, System.Logger.Level.WARNING, LEADER_CHANGE, replica.id(),
                    replica.id() + " has no leader at epoch " + epoch);
            replica.becomeOffline(epoch);
        }
    }

    private void updateFetchers(Set<Integer> leadersFollowed, Map<Integer, NodeDescription> nodes) {
        synchronized (fetchers) {
            fetchers.entrySet().removeIf(entry -> {
                NodeDescription node = nodes.get(entry.getKey());
                boolean stale = !leadersFollowed.contains(entry.getKey()) || node == null
                        || !node.getAddress().equals(entry.getValue().address());
                if (stale) {
                    entry.getValue().stop();
                }
                return stale;
            });
            for (int leaderId : leadersFollowed) {
                NodeDescription node = nodes.get(leaderId);
                if (node != null && !fetchers.containsKey(leaderId)) {
                    ReplicaFetcher fetcher = new ReplicaFetcher(leaderId, node.getAddress(), replicas, fetcherSettings(), metrics,
                            channels.toNode(node.getAddress()), throttle);
                    fetchers.put(leaderId, fetcher);
                    fetcher.start();
                }
            }
        }
    }

    /** Per leader node this node fetches from, when its fetcher last completed a round ({@link System#nanoTime()}). */
    public Map<Integer, Long> fetcherRounds() {
        Map<Integer, Long> rounds = new HashMap<>();
        synchronized (fetchers) {
            fetchers.forEach((leaderId, fetcher) -> rounds.put(leaderId, fetcher.lastRoundNanos()));
        }
        return rounds;
    }

    private ReplicaFetcher.Settings fetcherSettings() {
        return new ReplicaFetcher.Settings((int) config.replicaFetchWait().toMillis(), config.replicaFetchBytes(),
                config.replicaFetchBackoff(), config.replicaFetchBackoffMax(), replication.fetchMaxBytes());
    }

    /**
     * As leader: proposes the ISR shrinks and expansions of every partition that needs one, in
     * AlterPartitions requests of at most {@link #MAX_ISR_CHANGES_PER_REQUEST} partitions, one
     * request at a time. Why batched: after a node's loss a leader changes the ISR of every
     * partition it shares with that node (333 at 1,000 partitions RF 3 on three nodes); one
     * AlterPartition each kept the metadata service's lock and pool busy for tens of seconds.
     */
    private void maybeChangeIsrs() {
        long now = System.currentTimeMillis();
        List<IsrProposal> proposals = new ArrayList<>();
        for (Replica replica : replicas.replicas()) {
            if (!(replica.role() instanceof ReplicaRole.Leading leading)) {
                continue;
            }
            LeaderState state = leading.state();
            state.proposedIsr(now, config.replicaLagTimeMax().toMillis()).flatMap(state::proposing)
                    .ifPresent(isr -> proposals.add(new IsrProposal(replica, state, isr)));
        }
        for (int from = 0; from < proposals.size(); from += MAX_ISR_CHANGES_PER_REQUEST) {
            proposeIsrs(proposals.subList(from, Math.min(proposals.size(), from + MAX_ISR_CHANGES_PER_REQUEST)));
        }
    }

    /** An ISR change already marked with {@link LeaderState#proposing}, about to be sent. */
    private record IsrProposal(Replica replica, LeaderState state, Set<Integer> isr) {
        AlterPartitionRequest request(int self) {
            return AlterPartitionRequest.newBuilder().setTopic(replica.id().topic()).setPartition(replica.id().partition())
                    .setLeader(self).setLeaderEpoch(state.leaderEpoch())
                    .setPartitionEpoch(state.partitionEpoch()).addAllIsr(isr).build();
        }
    }

    /** Sends one batch of ISR changes; one blocking call. */
    private void proposeIsrs(List<IsrProposal> batch) {
        AlterPartitionsRequest.Builder request = AlterPartitionsRequest.newBuilder().setLeader(replicas.nodeId());
        batch.forEach(proposal -> request.addChanges(proposal.request(replicas.nodeId())));
        AlterPartitionsResponse response;
        try {
            response = metadata.withDeadlineAfter(ISR_REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).alterPartitions(request.build());
        } catch (RuntimeException e) {
            // Joiners keep counting for the high watermark until a newer ISR arrives (LeaderState's maximal ISR).
            LOG.log(System.Logger.Level.INFO, "ISR changes of " + batch.size() + " partitions (" + batch.get(0).replica().id()
                    + ", …)" + (GrpcErrors.isTransportFailure(e) ? " unanswered: " : " refused: ") + GrpcErrors.fromStatus(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            accepted(batch.get(i), response.getResults(i));
        }
    }

    private void accepted(IsrProposal proposal, AlterPartitionResult result) {
        Replica replica = proposal.replica();
        if (!result.hasDescription()) {
            LOG.log(System.Logger.Level.INFO, "ISR change " + proposal.isr() + " of " + replica.id() + " refused: "
                    + result.getErrorCode() + ": " + result.getErrorMessage());
            return;
        }
        PartitionDescription partition = result.getDescription();
        // A newer leader epoch in the answer (the change completed a reassignment, which may have
        // removed this leader): the role follows from the metadata's push, not from this answer.
        if (partition.getLeaderEpoch() == proposal.state().leaderEpoch()
                && replica.isrChanged(proposal.state(), Set.copyOf(partition.getIsrList()), partition.getPartitionEpoch())) {
            PartitionEventLog.log(LOG, System.Logger.Level.INFO, ISR_CHANGE, replica.id(),
                    "ISR of " + replica.id() + " is now " + partition.getIsrList());
        }
    }
}
