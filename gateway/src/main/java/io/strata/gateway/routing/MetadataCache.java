package io.strata.gateway.routing;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.metadata.MetadataWatcher;
import io.strata.api.v1.ErrorCode;
import io.strata.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's copy of the cluster metadata, kept current by {@code WatchMetadata}: the only state
 * a gateway holds, so any number of gateways can run side by side.
 *
 * <p>The stream is followed by a {@link MetadataWatcher} (its own thread; a broken stream resumes
 * after {@code watch-retry}, a version gap resubscribes for a snapshot). Every view it publishes is
 * read by any thread through {@link #current()} and completes the future handed out by
 * {@link #nextChange()}, which is how routed calls wait for a leader change instead of polling.
 */
@ApplicationScoped
public class MetadataCache {

    @Inject
    GatewayConfig config;
    @Inject
    MetadataServiceClient metadata;

    private final AtomicReference<CompletableFuture<ClusterMetadata>> next = new AtomicReference<>(new CompletableFuture<>());
    private volatile MetadataWatcher watcher;

    void start(@Observes StartupEvent event) {
        watcher = new MetadataWatcher(metadata.async(), config.watchRetry(),
                view -> next.getAndSet(new CompletableFuture<>()).complete(view));
        watcher.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        watcher.close();
    }

    /** The latest view (not initialized until the first snapshot). */
    public ClusterMetadata current() {
        MetadataWatcher following = watcher;
        return following == null ? ClusterMetadata.EMPTY : following.current();
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
            ClusterMetadata now = current();
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
}
