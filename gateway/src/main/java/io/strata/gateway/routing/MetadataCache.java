package io.strata.gateway.routing;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.metadata.MetadataState;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.WatchMetadataRequest;
import io.strata.api.v1.WatchMetadataResponse;
import io.strata.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's copy of the cluster metadata, kept current by {@code WatchMetadata}: the only state
 * a gateway holds, so any number of gateways can run side by side.
 *
 * <p>The stream is followed on one thread of its own ({@code strata-metadata-watch}); stream
 * callbacks only hand events to it. A broken stream resumes from the last applied version after
 * {@code watch-retry}; a version gap resubscribes from 0 for a snapshot. Every applied change
 * publishes a new immutable {@link ClusterMetadata} (read by any thread through {@link #current()})
 * and completes the future handed out by {@link #nextChange()}, which is how routed calls wait for
 * a leader change instead of polling.
 */
@ApplicationScoped
public class MetadataCache {

    private static final System.Logger LOG = System.getLogger(MetadataCache.class.getName());

    @Inject
    GatewayConfig config;
    @Inject
    MetadataServiceClient metadata;

    private final MetadataState state = new MetadataState();
    private final AtomicReference<CompletableFuture<ClusterMetadata>> next = new AtomicReference<>(new CompletableFuture<>());
    private volatile ClusterMetadata current = ClusterMetadata.EMPTY;
    private ScheduledExecutorService thread;
    private ClientCallStreamObserver<WatchMetadataRequest> watch;
    private int generation;

    void start(@Observes StartupEvent event) {
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "strata-metadata-watch");
            t.setDaemon(true);
            return t;
        });
        thread.execute(() -> subscribe(0));
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        thread.execute(() -> {
            generation++;
            if (watch != null) {
                watch.cancel("gateway shutting down", null);
            }
        });
        thread.shutdown();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The latest view (not initialized until the first snapshot). */
    public ClusterMetadata current() {
        return current;
    }

    /** Completes with the next view published after this call. */
    public CompletionStage<ClusterMetadata> nextChange() {
        // A copy: a waiter that gives up (Mutiny cancels the stage it waits on) must not cancel
        // the future every other waiter shares.
        return next.get().copy();
    }

    /**
     * Completes once the cache has applied {@code version} (e.g. the version an admin change was
     * committed at), or fails with REQUEST_TIMED_OUT at the deadline.
     */
    public Uni<ClusterMetadata> awaitVersion(long version, Deadline deadline) {
        return Uni.createFrom().deferred(() -> {
            CompletionStage<ClusterMetadata> changed = nextChange();
            ClusterMetadata now = current;
            if (now.initialized() && now.version() >= version) {
                return Uni.createFrom().item(now);
            }
            if (deadline.passed()) {
                return Uni.createFrom().failure(new StrataException(ErrorCode.REQUEST_TIMED_OUT,
                        "the gateway's metadata is at version " + now.version() + ", still short of " + version));
            }
            return Uni.createFrom().completionStage(changed)
                    .ifNoItem().after(Duration.ofMillis(Math.max(1, deadline.remainingMs()))).recoverWithItem(now)
                    .chain(() -> awaitVersion(version, deadline));
        });
    }

    private void subscribe(long fromVersion) {
        int mine = ++generation;
        WatchMetadataRequest request = WatchMetadataRequest.newBuilder().setFromVersion(fromVersion).build();
        metadata.async().watchMetadata(request, new ClientResponseObserver<WatchMetadataRequest, WatchMetadataResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WatchMetadataRequest> requestStream) {
                watch = requestStream;
            }

            @Override
            public void onNext(WatchMetadataResponse response) {
                thread.execute(() -> onEvent(mine, response));
            }

            @Override
            public void onError(Throwable failure) {
                thread.execute(() -> onStreamEnd(mine, GrpcErrors.fromStatus(failure).toString()));
            }

            @Override
            public void onCompleted() {
                thread.execute(() -> onStreamEnd(mine, "the metadata service ended the stream"));
            }
        });
    }

    private void onEvent(int mine, WatchMetadataResponse response) {
        if (mine != generation) {
            return;
        }
        switch (state.apply(response)) {
            case CHANGED -> publish();
            case IGNORED -> {
                // already applied
            }
            case GAP -> {
                LOG.log(System.Logger.Level.WARNING, "metadata version gap after " + state.version() + "; resubscribing for a snapshot");
                watch.cancel("version gap", null);
                subscribe(0);
            }
        }
    }

    private void publish() {
        boolean first = !current.initialized();
        current = state.view();
        next.getAndSet(new CompletableFuture<>()).complete(current);
        if (first) {
            LOG.log(System.Logger.Level.INFO, "metadata snapshot at version " + current.version() + ": "
                    + current.topics().size() + " topics, " + current.nodes().size() + " nodes");
        }
    }

    private void onStreamEnd(int mine, String why) {
        if (mine != generation || thread.isShutdown()) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "metadata watch ended (" + why + "); resuming from version " + state.version()
                + " in " + config.watchRetry().toMillis() + " ms");
        thread.schedule(() -> {
            if (mine == generation) {
                subscribe(state.version());
            }
        }, config.watchRetry().toMillis(), TimeUnit.MILLISECONDS);
    }
}
