package io.strata.api.metadata;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.strata.api.error.GrpcErrors;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.WatchMetadataRequest;
import io.strata.api.v1.WatchMetadataResponse;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The client end of the metadata service's {@code WatchMetadata} stream (the server end is the
 * metadata service's {@code MetadataWatch}): subscribes, applies each event to a
 * {@link MetadataState}, and publishes every new {@link ClusterMetadata} view through
 * {@link #current()} and to one listener. Used by every process that follows the metadata without
 * being part of it (the gateway, the group coordinator).
 *
 * <p>Invariants:
 * <ul>
 *   <li>Views only move forward in version: changes are applied strictly in version order, and a
 *       view at the version already published (the snapshot of a resubscription) is not published
 *       again. The one exception is a restarted metadata history: asked to resume from a version it
 *       never reached (its store was replaced), the service answers with its own, older snapshot.
 *       That is logged and followed, since refusing it would leave this process on a cluster that
 *       no longer exists.</li>
 *   <li>One subscription at a time: each subscription has a generation; events and ends of any
 *       older subscription are dropped.</li>
 *   <li>A version gap cancels the subscription and resubscribes from 0, for a snapshot. A stream
 *       that ends (error or completion) is resumed from the last applied version after
 *       {@code retryDelay}.</li>
 * </ul>
 *
 * <p>Threading: everything runs on one thread of its own ({@code strata-metadata-watch}); stream
 * callbacks only hand events to it, so the {@link MetadataState} is confined to it and the listener
 * is called there, one view at a time and in order (it must not block for long). {@link #current()}
 * may be read from any thread; it is updated before the listener is called.
 */
public final class MetadataWatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MetadataWatcher.class.getName());
    /** Bound on {@link #close()} waiting for the watch thread to finish. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final MetadataServiceGrpc.MetadataServiceStub metadata;
    private final Duration retryDelay;
    private final Consumer<ClusterMetadata> listener;
    private final ScheduledExecutorService thread;
    private final MetadataState state = new MetadataState();
    private volatile ClusterMetadata current = ClusterMetadata.EMPTY;
    private ClientCallStreamObserver<WatchMetadataRequest> watch;
    private int generation;

    /**
     * A watcher that starts following at {@link #start()}.
     *
     * @param metadata   the async stub of the metadata service (the caller owns its channel)
     * @param retryDelay how long to wait before resuming a stream that ended
     * @param listener   called on the watch thread with each newly published view
     */
    public MetadataWatcher(MetadataServiceGrpc.MetadataServiceStub metadata, Duration retryDelay,
                           Consumer<ClusterMetadata> listener) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (retryDelay.isNegative() || retryDelay.isZero()) {
            throw new IllegalArgumentException("retryDelay must be positive, not " + retryDelay);
        }
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "strata-metadata-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Subscribes from version 0 (a snapshot first). */
    public void start() {
        thread.execute(() -> subscribe(0));
    }

    /** The latest published view ({@link ClusterMetadata#EMPTY}, not initialized, until the first snapshot). */
    public ClusterMetadata current() {
        return current;
    }

    /** Cancels the stream and stops the watch thread; the listener is not called afterwards. */
    @Override
    public void close() throws InterruptedException {
        handOver(() -> {
            generation++;
            if (watch != null) {
                watch.cancel("shutting down", null);
            }
        });
        thread.shutdown();
        if (!thread.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.log(System.Logger.Level.WARNING, "the metadata watch thread did not stop within " + CLOSE_WAIT.toMillis() + " ms");
        }
    }

    /**
     * Whether {@code next} is published after {@code published}: when it is the first snapshot or
     * at another version (a lower one only after the metadata service's history restarted).
     */
    static boolean shouldPublish(ClusterMetadata published, ClusterMetadata next) {
        return !published.initialized() || next.version() != published.version();
    }

    private void subscribe(long fromVersion) {
        int mine = ++generation;
        WatchMetadataRequest request = WatchMetadataRequest.newBuilder().setFromVersion(fromVersion).build();
        metadata.watchMetadata(request, new ClientResponseObserver<WatchMetadataRequest, WatchMetadataResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WatchMetadataRequest> requestStream) {
                watch = requestStream;
            }

            @Override
            public void onNext(WatchMetadataResponse response) {
                handOver(() -> onEvent(mine, response));
            }

            @Override
            public void onError(Throwable failure) {
                handOver(() -> onStreamEnd(mine, GrpcErrors.fromStatus(failure).toString()));
            }

            @Override
            public void onCompleted() {
                handOver(() -> onStreamEnd(mine, "the metadata service ended the stream"));
            }
        });
    }

    private void onEvent(int mine, WatchMetadataResponse response) {
        if (mine != generation) {
            return;
        }
        switch (state.apply(response)) {
            case CHANGED -> maybePublish(state.view());
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

    private void maybePublish(ClusterMetadata next) {
        ClusterMetadata published = current;
        if (!shouldPublish(published, next)) {
            return;
        }
        if (!published.initialized()) {
            LOG.log(System.Logger.Level.INFO, "metadata snapshot at version " + next.version() + ": "
                    + next.topics().size() + " topics, " + next.nodes().size() + " nodes");
        } else if (next.version() < published.version()) {
            LOG.log(System.Logger.Level.WARNING, "the metadata service's history restarted: version " + next.version()
                    + " after " + published.version() + " (its store was replaced); following the new history");
        }
        current = next;
        try {
            listener.accept(next);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the metadata listener failed at version " + next.version(), e);
        }
    }

    private void onStreamEnd(int mine, String why) {
        if (mine != generation || thread.isShutdown()) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "metadata watch ended (" + why + "); resuming from version " + state.version()
                + " in " + retryDelay.toMillis() + " ms");
        thread.schedule(() -> {
            if (mine == generation) {
                subscribe(state.version());
            }
        }, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the watch thread; after {@link #close()} there is nothing left to do. */
    private void handOver(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException closed) {
            // the stream's last callbacks (its cancellation) arrive after close
        }
    }
}
