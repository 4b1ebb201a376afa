package io.strata.node.election;

import io.strata.node.identity.NodeChannels;
import io.strata.api.health.Pulse;
import io.grpc.ManagedChannel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strata.node.balance.AutoBalanceConfig;
import io.strata.node.balance.AutoBalancer;
import io.strata.node.config.NodeConfig;
import io.strata.node.membership.MetadataFollower;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the {@link Controller} on this node when {@code strata.node.raft.members} is set: joins the
 * raft group ({@link RaftGroup}), feeds the controller the raft role, the group's views and copies
 * of the metadata ({@link MetadataFollower}), and ticks it every recheck interval.
 *
 * <p>Everything the controller does runs on one thread of its own ({@code strata-controller}),
 * including the blocking join at start-up (JGroups' connect blocks until the group answers), so
 * start-up is never held up and the controller needs no locks. Without the members setting the
 * node stands alone and nothing here runs.
 */
@ApplicationScoped
public class ControllerRunner {

    private static final System.Logger LOG = System.getLogger(ControllerRunner.class.getName());

    @Inject
    RaftConfig raftConfig;
    @Inject
    NodeConfig nodeConfig;
    @Inject
    NodeChannels channels;
    @Inject
    MetadataFollower follower;
    @Inject
    AutoBalanceConfig autoBalance;

    private ScheduledExecutorService thread;
    private ManagedChannel metadataChannel;
    private Controller controller;
    private volatile RaftGroup group;
    private volatile boolean running;
    private final Pulse ticks = new Pulse();

    void start(@Observes StartupEvent event) {
        if (raftConfig.members().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "no strata.node.raft.members: running without a controller");
            return;
        }
        if (nodeConfig.metadataUrl().isEmpty()) {
            throw new IllegalStateException("strata.node.raft.members is set but strata.node.metadata-url is not:"
                    + " the controller needs the metadata service");
        }
        RaftMembers members = RaftMembers.parse(raftConfig.members().get());
        RaftMembers.Member self = members.member(nodeConfig.id()).orElseThrow(() -> new IllegalStateException(
                "strata.node.raft.members does not list this node's id " + nodeConfig.id() + ": " + members));
        int port = raftConfig.port().orElse(self.port());
        if (port != self.port()) {
            throw new IllegalStateException("strata.node.raft.port " + port + " is not the port of node "
                    + nodeConfig.id() + " in strata.node.raft.members (" + self.port() + ")");
        }
        metadataChannel = channels.toUrl(nodeConfig.metadataUrl().get(), "strata.node.metadata-url");
        // Connect now rather than on the first claim, which is when time counts.
        metadataChannel.getState(true);
        controller = new Controller(nodeConfig.id(), new GrpcControllerRpc(metadataChannel, raftConfig.requestTimeout()),
                raftConfig.electionBatchSize(), raftConfig.preferredLeaderElection(),
                raftConfig.joinGrace().toMillis(), System::currentTimeMillis, node -> members.member(node).isPresent(),
                autoBalance.enabled() ? Optional.of(new AutoBalancer(autoBalance.maxMoves())) : Optional.empty());
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "strata-controller");
            t.setDaemon(true);
            return t;
        });
        Path logDir = raftConfig.logDir().orElse(nodeConfig.dataDir().resolve("raft"));
        String bindAddress = raftConfig.bindAddress().orElse(self.host());
        AtomicBoolean joined = new AtomicBoolean();
        follower.addListener(view -> {
            // The raft log lives in the data directory: join only once the metadata (and so the
            // cluster id) has been accepted, so that a node of another cluster writes nothing there.
            if (joined.compareAndSet(false, true)) {
                onControllerThread(() -> join(members, bindAddress, port, logDir));
            }
            MetadataState state = MetadataState.of(view);
            onControllerThread(() -> controller.onMetadata(state));
        });
        long recheckMs = raftConfig.recheckInterval().toMillis();
        thread.scheduleWithFixedDelay(() -> {
            ticks.beat();
            controller.tick();
        }, recheckMs, recheckMs, TimeUnit.MILLISECONDS);
        running = true;
    }

    /** Whether this node runs a controller (it is a member of the raft group). */
    public boolean running() {
        return running;
    }

    /**
     * When the controller thread last started a tick ({@link System#nanoTime()}): a thread wedged
     * in a raft or metadata call stops ticking, which the liveness check sees.
     */
    public long lastTickNanos() {
        return ticks.lastNanos();
    }

    private void join(RaftMembers members, String bindAddress, int port, Path logDir) {
        RaftGroup joining = null;
        try {
            joining = new RaftGroup(nodeConfig.id(), members, bindAddress, port, logDir, raftConfig.stack(),
                    (leader, term) -> onControllerThread(() -> controller.onRaftRole(leader, term)),
                    view -> onControllerThread(() -> controller.onView(view)));
            joining.connect();
            group = joining;
            LOG.log(System.Logger.Level.INFO, "node " + nodeConfig.id() + " joined the raft group at " + bindAddress
                    + ":" + port + " (members " + members.initialHosts() + ", log in " + logDir + ")");
        } catch (Exception e) {
            if (joining != null) {
                joining.close();
            }
            LOG.log(System.Logger.Level.WARNING, "cannot join the raft group at " + bindAddress + ":" + port
                    + " (" + e + "); retrying in " + raftConfig.connectRetryInterval().toMillis() + " ms");
            if (!thread.isShutdown()) {
                thread.schedule(() -> join(members, bindAddress, port, logDir),
                        raftConfig.connectRetryInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Hands an event to the controller thread; dropped once shutting down (leaving the group reports views too). */
    private void onControllerThread(Runnable event) {
        try {
            thread.execute(event);
        } catch (RejectedExecutionException shuttingDown) {
            // the node is stopping: nothing is decided any more
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (thread == null) {
            return;
        }
        thread.execute(() -> {
            if (group != null) {
                group.close();
            }
        });
        thread.shutdown();
        thread.awaitTermination(10, TimeUnit.SECONDS);
        metadataChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
