package io.strata.node.membership;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strata.api.error.GrpcErrors;
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

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps this node known to the metadata service and its replicas in line with the metadata:
 * registers at start-up (retrying until the service answers), heartbeats to keep its lease, and
 * follows {@code WatchMetadata}, reconciling the replicas on disk after every applied event.
 *
 * <p>Everything runs on one thread of its own ({@code strata-membership}): stream callbacks only
 * hand events over to it, so the {@link ClusterView} needs no locking and reconciling (which
 * creates and deletes files) never runs on a gRPC thread. A broken stream resumes from the last
 * applied version; a gap in versions resubscribes for a snapshot.
 */
@ApplicationScoped
public class MetadataFollower {

    private static final System.Logger LOG = System.getLogger(MetadataFollower.class.getName());
    private static final long RETRY_MS = 1000;

    @Inject
    NodeConfig config;
    @Inject
    ReplicaManager replicas;
    @ConfigProperty(name = "quarkus.http.port")
    int port;

    private final ClusterView view = new ClusterView();
    private final List<Consumer<ClusterView>> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService thread;
    private ManagedChannel channel;
    private MetadataServiceGrpc.MetadataServiceBlockingStub blocking;
    private MetadataServiceGrpc.MetadataServiceStub async;
    private ReplicaReconciler reconciler;
    private volatile boolean registered;
    private long nodeEpoch;
    private ScheduledFuture<?> heartbeats;
    private ClientCallStreamObserver<WatchMetadataRequest> watch;
    private int watchGeneration;

    void start(@Observes StartupEvent event) {
        if (config.metadataUrl().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "no strata.node.metadata-url: standing alone");
            return;
        }
        URI url = URI.create(config.metadataUrl().get());
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        blocking = MetadataServiceGrpc.newBlockingStub(channel);
        async = MetadataServiceGrpc.newStub(channel);
        reconciler = new ReplicaReconciler(replicas);
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "strata-membership");
            t.setDaemon(true);
            return t;
        });
        thread.execute(this::register);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (thread == null) {
            return;
        }
        thread.execute(() -> {
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

    /** Whether this node holds a current registration (or stands alone, needing none). */
    public boolean ready() {
        return config.metadataUrl().isEmpty() || registered;
    }

    private void register() {
        String address = config.advertisedHost() + ":" + port;
        try {
            RegisterNodeResponse response = blocking.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .registerNode(RegisterNodeRequest.newBuilder().setNodeId(config.id()).setAddress(address)
                            .setRack(config.rack().orElse("")).build());
            nodeEpoch = response.getNodeEpoch();
            registered = true;
            LOG.log(System.Logger.Level.INFO, "registered as node " + config.id() + " at " + address + " (epoch "
                    + nodeEpoch + ", heartbeat every " + response.getHeartbeatIntervalMs() + " ms)");
            if (heartbeats != null) {
                heartbeats.cancel(false);
            }
            long interval = Math.max(100, response.getHeartbeatIntervalMs());
            heartbeats = thread.scheduleWithFixedDelay(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
            if (watch == null) {
                subscribe();
            }
        } catch (RuntimeException e) {
            registered = false;
            LOG.log(System.Logger.Level.WARNING, "cannot register with the metadata service at "
                    + config.metadataUrl().get() + " (" + GrpcErrors.fromStatus(e) + "); retrying");
            thread.schedule(this::register, RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void heartbeat() {
        try {
            blocking.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .heartbeat(HeartbeatRequest.newBuilder().setNodeId(config.id()).setNodeEpoch(nodeEpoch).build());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "heartbeat refused or lost (" + GrpcErrors.fromStatus(e) + "); registering again");
            heartbeats.cancel(false);
            heartbeats = null;
            register();
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
        if (generation != watchGeneration) {
            return;
        }
        if (!view.apply(response)) {
            LOG.log(System.Logger.Level.WARNING, "metadata version gap after " + view.version() + "; resubscribing");
            watch.cancel("version gap", null);
            subscribe();
            return;
        }
        if (view.initialized()) {
            ReplicaReconciler.Outcome outcome = reconciler.reconcile(view.assignedTo(config.id()));
            if (outcome.created() + outcome.deleted() + outcome.reconfigured() + outcome.failed() > 0) {
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
        if (generation != watchGeneration || thread.isShutdown()) {
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
