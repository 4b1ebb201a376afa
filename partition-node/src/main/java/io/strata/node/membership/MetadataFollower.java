package io.strata.node.membership;

import io.strata.node.identity.NodeChannels;
import io.grpc.ManagedChannel;
import io.strata.api.channel.ReconnectAfterFailure;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.HeartbeatRequest;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.RegisterNodeRequest;
import io.strata.api.v1.RegisterNodeResponse;
import io.strata.api.v1.WatchMetadataRequest;
import io.strata.api.v1.WatchMetadataResponse;
import io.strata.node.config.NodeConfig;
import io.strata.node.replica.ReplicaManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Keeps this node known to the metadata service and its replicas in line with the metadata:
 * registers at start-up through a {@link NodeLease}, and, once the cluster id is confirmed, loads
 * the replicas on disk and follows {@code WatchMetadata}, reconciling them after every applied event.
 *
 * <p>One thread, one job. Heartbeats run on the lease's own {@code strata-heartbeat} thread; the
 * metadata runs on {@code strata-membership}: stream callbacks only hand events over to it, so the
 * {@link ClusterView} needs no locking and reconciling (which creates files and renames replicas
 * aside) never runs on a gRPC thread nor delays a heartbeat. Removing the files of a deleted
 * replica runs on a third thread, the {@link io.strata.node.replica.ReplicaDeleter}'s. A broken
 * stream resumes from the last applied version; a gap in versions resubscribes for a snapshot.
 *
 * <p>Invariant: nothing in the data directory is loaded, created, renamed or deleted before the
 * metadata service's cluster id matched the directory's ({@link ClusterIdentity}), and every
 * snapshot applied carries that same id. A mismatch stops the node: it logs why at ERROR and exits
 * with status {@value #EXIT_INCONSISTENT_CLUSTER_ID}, having changed no file.
 */
@ApplicationScoped
public class MetadataFollower {

    /** The process's exit status when its data directory belongs to another cluster (EX_CONFIG). */
    public static final int EXIT_INCONSISTENT_CLUSTER_ID = 78;

    private static final System.Logger LOG = System.getLogger(MetadataFollower.class.getName());
    private static final long RETRY_MS = 1000;
    private static final long RPC_DEADLINE_SECONDS = 5;

    @Inject
    NodeConfig config;
    @Inject
    NodeChannels channels;
    @Inject
    ReplicaManager replicas;
    @ConfigProperty(name = "quarkus.http.port")
    int port;

    private final ClusterView view = new ClusterView();
    private final List<Consumer<ClusterView>> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService thread;
    private ManagedChannel channel;
    private MetadataServiceGrpc.MetadataServiceStub async;
    private ClusterIdentity identity;
    private volatile NodeLease lease;
    private ReplicaReconciler reconciler;
    private volatile boolean fatal;
    private ClientCallStreamObserver<WatchMetadataRequest> watch;
    private int watchGeneration;

    private int advertisedPort() {
        int advertised = config.advertisedPort().orElse(port);
        if (advertised < 1 || advertised > 65535) {
            throw new IllegalArgumentException("strata.node.advertised-port: " + advertised + " is not a TCP port (1-65535)");
        }
        return advertised;
    }

    /** Where Kafka clients reach this node; empty without a listener, or with an ephemeral port (tests). */
    private String kafkaAddress() {
        NodeConfig.Kafka kafka = config.kafka();
        int kafkaPort = kafka.advertisedPort().orElse(kafka.port());
        if (!kafka.enabled() || kafkaPort == 0) {
            return "";
        }
        if (kafkaPort < 1 || kafkaPort > 65535) {
            throw new IllegalArgumentException("strata.node.kafka.advertised-port: " + kafkaPort + " is not a TCP port (1-65535)");
        }
        return kafka.advertisedHost().orElse(config.advertisedHost()) + ":" + kafkaPort;
    }

    /** The cluster id of this node's data directory; empty before its first registration. */
    public String clusterId() {
        return identity == null ? "" : identity.clusterId().orElse("");
    }

    void start(@Observes StartupEvent event) {
        if (config.metadataUrl().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "no strata.node.metadata-url: standing alone");
            return;
        }
        // Before any connection: a data directory of another node id fails the start right here.
        identity = new ClusterIdentity(config.dataDir(), config.id());
        String source = "the metadata service at " + config.metadataUrl().get();
        channel = channels.toUrl(config.metadataUrl().get(), "strata.node.metadata-url");
        io.grpc.Channel reconnecting = ReconnectAfterFailure.wrap(channel);
        MetadataServiceGrpc.MetadataServiceBlockingStub blocking = MetadataServiceGrpc.newBlockingStub(reconnecting);
        async = MetadataServiceGrpc.newStub(reconnecting);
        reconciler = new ReplicaReconciler(replicas);
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "strata-membership");
            t.setDaemon(true);
            return t;
        });
        RegisterNodeRequest registration = RegisterNodeRequest.newBuilder().setNodeId(config.id())
                .setAddress(config.advertisedHost() + ":" + advertisedPort()).setRack(config.rack().orElse(""))
                .setKafkaAddress(kafkaAddress()).setIncarnationId(NodeIncarnation.of(config.dataDir())).build();
        lease = new NodeLease(new NodeLease.Rpc() {
            @Override
            public RegisterNodeResponse register(RegisterNodeRequest request) {
                return blocking.withDeadlineAfter(RPC_DEADLINE_SECONDS, TimeUnit.SECONDS).registerNode(request);
            }

            @Override
            public void heartbeat(HeartbeatRequest request) {
                blocking.withDeadlineAfter(RPC_DEADLINE_SECONDS, TimeUnit.SECONDS).heartbeat(request);
            }
        }, identity, registration, source, RETRY_MS, new NodeLease.Events() {
            @Override
            public void registered(RegisterNodeResponse response) {
                onMembershipThread(MetadataFollower.this::onRegistered);
            }

            @Override
            public void fatal(StrataException failure) {
                stopProcess(failure);
            }
        });
        lease.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (thread == null) {
            return;
        }
        lease.close();
        onMembershipThread(() -> {
            if (watch != null) {
                watch.cancel("node shutting down", null);
            }
        });
        thread.shutdown();
        thread.awaitTermination(10, TimeUnit.SECONDS);
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /**
     * Calls {@code listener} with the view after every applied event, once a snapshot has arrived,
     * on the membership thread (the view must not be kept or used from another thread: copy what
     * is needed out of it).
     */
    public void addListener(Consumer<ClusterView> listener) {
        listeners.add(listener);
        if (thread != null) {
            thread.execute(() -> {
                if (view.initialized()) {
                    listener.accept(view);
                }
            });
        }
    }

    /**
     * Whether this node holds a current registration and has loaded its replicas (or stands
     * alone, needing neither).
     */
    public boolean ready() {
        return config.metadataUrl().isEmpty() || (!fatal && lease.registered() && replicas.loaded());
    }

    /**
     * When the metadata service last accepted this node's registration or heartbeat
     * ({@link System#nanoTime()}); now when the node stands alone.
     */
    public long lastContactNanos() {
        NodeLease current = lease;
        return current == null ? System.nanoTime() : current.lastAnsweredNanos();
    }

    /** Whether this node follows a metadata service at all. */
    public boolean standsAlone() {
        return config.metadataUrl().isEmpty();
    }

    /** After each (re-)registration: load the replicas once, then follow the metadata. */
    private void onRegistered() {
        if (fatal) {
            return;
        }
        try {
            replicas.load();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot load the replicas in " + config.dataDir() + " (" + e
                    + "); retrying in " + RETRY_MS + " ms");
            thread.schedule(this::onRegistered, RETRY_MS, TimeUnit.MILLISECONDS);
            return;
        }
        if (watch == null) {
            subscribe();
        }
    }

    /**
     * The node serves another cluster's metadata: stop following it and exit, as Kafka's broker
     * does on InconsistentClusterIdException. Nothing has been loaded or changed on disk.
     */
    private void stopProcess(StrataException failure) {
        if (fatal) {
            return;
        }
        fatal = true;
        LOG.log(System.Logger.Level.ERROR, "stopping: " + failure.getMessage());
        Quarkus.asyncExit(EXIT_INCONSISTENT_CLUSTER_ID);
    }

    private void onMembershipThread(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException stopping) {
            // the node is shutting down
        }
    }

    /** Opens the watch stream from the last applied version (0: a snapshot first). */
    private void subscribe() {
        int generation = ++watchGeneration;
        WatchMetadataRequest request = WatchMetadataRequest.newBuilder().setFromVersion(view.version()).build();
        async.watchMetadata(request, new ClientResponseObserver<WatchMetadataRequest, WatchMetadataResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WatchMetadataRequest> requestStream) {
                watch = requestStream;
            }

            @Override
            public void onNext(WatchMetadataResponse response) {
                thread.execute(() -> onEvent(generation, response));
            }

            @Override
            public void onError(Throwable failure) {
                thread.execute(() -> onStreamEnd(generation, GrpcErrors.fromStatus(failure).toString()));
            }

            @Override
            public void onCompleted() {
                thread.execute(() -> onStreamEnd(generation, "the service ended the stream"));
            }
        });
    }

    private void onEvent(int generation, WatchMetadataResponse response) {
        if (generation != watchGeneration || fatal) {
            return;
        }
        if (response.hasSnapshot()) {
            try {
                identity.check(response.getSnapshot().getClusterId(), "the metadata snapshot from " + config.metadataUrl().get());
            } catch (StrataException mismatch) {
                watch.cancel("cluster id mismatch", null);
                stopProcess(mismatch);
                return;
            }
        }
        if (!view.apply(response)) {
            LOG.log(System.Logger.Level.WARNING, "metadata version gap after " + view.version() + "; resubscribing");
            watch.cancel("version gap", null);
            subscribe();
            return;
        }
        if (view.initialized()) {
            ReplicaReconciler.Outcome outcome = reconciler.reconcile(view.clusterDefaults(), view.assignedTo(config.id()));
            if (outcome.changedAnything()) {
                LOG.log(System.Logger.Level.INFO, "metadata version " + view.version() + ": " + outcome);
            }
            for (Consumer<ClusterView> listener : listeners) {
                try {
                    listener.accept(view);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a metadata listener failed at version " + view.version(), e);
                }
            }
        }
    }

    private void onStreamEnd(int generation, String why) {
        if (generation != watchGeneration || thread.isShutdown() || fatal) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "metadata watch ended (" + why + "); resuming from version " + view.version());
        thread.schedule(() -> {
            if (generation == watchGeneration) {
                subscribe();
            }
        }, RETRY_MS, TimeUnit.MILLISECONDS);
    }
}
