package io.strata.node.membership;

import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.HeartbeatRequest;
import io.strata.api.v1.RegisterNodeRequest;
import io.strata.api.v1.RegisterNodeResponse;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's registration with the metadata service and the heartbeats that keep its lease:
 * registers (retrying until the service answers), checks the cluster id it is given against the
 * data directory's ({@link ClusterIdentity}), heartbeats at the interval the service asks for, and
 * registers again when a heartbeat is refused.
 *
 * <p>One thread, one job: everything here runs on the {@code strata-heartbeat} thread, which does
 * nothing else. Applying metadata (creating, deleting and recovering replicas, role changes) runs
 * on the membership thread, so slow disk work there can never make this node miss its lease and
 * lose every leadership it holds. {@link Events} are called on this thread and must only hand work
 * over.
 *
 * <p>A cluster id mismatch (found here or by the service) is final: no retry, no heartbeat, and
 * {@link Events#fatal} is told once.
 */
public final class NodeLease implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NodeLease.class.getName());
    /** The shortest heartbeat interval honoured, whatever the service asks. */
    private static final long MIN_HEARTBEAT_MS = 100;

    /** The two calls made to the metadata service (a gRPC stub in production). */
    public interface Rpc {
        RegisterNodeResponse register(RegisterNodeRequest request);

        void heartbeat(HeartbeatRequest request);
    }

    /** What the owner hears, on the heartbeat thread. */
    public interface Events {
        /** A registration succeeded (the first, or again after a lost lease) with a matching cluster id. */
        void registered(RegisterNodeResponse response);

        /** This node must not join: its data directory belongs to another cluster. */
        void fatal(StrataException failure);
    }

    private final Rpc rpc;
    private final ClusterIdentity identity;
    private final RegisterNodeRequest registration;
    private final String source;
    private final long retryMs;
    private final Events events;
    private final ScheduledExecutorService thread;
    private final AtomicLong heartbeatsSent = new AtomicLong();
    private volatile boolean registered;
    private volatile long lastAnsweredNanos = System.nanoTime();
    private long nodeEpoch;
    private ScheduledFuture<?> heartbeats;

    /**
     * @param source  how messages name the metadata service, e.g. its URL
     * @param retryMs how long to wait before registering again after a failure
     */
    public NodeLease(Rpc rpc, ClusterIdentity identity, RegisterNodeRequest registration, String source, long retryMs,
                     Events events) {
        this.rpc = rpc;
        this.identity = identity;
        this.registration = registration;
        this.source = source;
        this.retryMs = retryMs;
        this.events = events;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "strata-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        thread.execute(this::register);
    }

    /** Whether the node holds a registration the service has not refused since. */
    public boolean registered() {
        return registered;
    }

    /** When the service last accepted a registration or heartbeat ({@link System#nanoTime()}; construction before that). */
    public long lastAnsweredNanos() {
        return lastAnsweredNanos;
    }

    /** Heartbeats answered so far. */
    public long heartbeatsSent() {
        return heartbeatsSent.get();
    }

    private void register() {
        RegisterNodeResponse response;
        try {
            response = rpc.register(registration.toBuilder().setClusterId(identity.clusterId().orElse("")).build());
        } catch (RuntimeException e) {
            StrataException error = GrpcErrors.asStrataException(e);
            if (error.code() == ErrorCode.INCONSISTENT_CLUSTER_ID) {
                stop(identity.refusedBy(source, error.getMessage()));
                return;
            }
            retry("cannot register with " + source + " (" + error + ")");
            return;
        }
        try {
            identity.confirm(response.getClusterId(), source);
        } catch (StrataException mismatch) {
            stop(mismatch);
            return;
        } catch (IOException e) {
            retry("cannot store cluster id " + response.getClusterId() + " in the data directory (" + e + ")");
            return;
        }
        nodeEpoch = response.getNodeEpoch();
        lastAnsweredNanos = System.nanoTime();
        registered = true;
        LOG.log(System.Logger.Level.INFO, "registered as node " + registration.getNodeId() + " at "
                + registration.getAddress() + " in cluster " + response.getClusterId() + " (epoch " + nodeEpoch
                + ", heartbeat every " + response.getHeartbeatIntervalMs() + " ms)");
        long interval = Math.max(MIN_HEARTBEAT_MS, response.getHeartbeatIntervalMs());
        heartbeats = thread.scheduleWithFixedDelay(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
        events.registered(response);
    }

    private void heartbeat() {
        try {
            rpc.heartbeat(HeartbeatRequest.newBuilder().setNodeId(registration.getNodeId()).setNodeEpoch(nodeEpoch).build());
            lastAnsweredNanos = System.nanoTime();
            heartbeatsSent.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "heartbeat refused or lost (" + GrpcErrors.fromStatus(e)
                    + "); registering again");
            heartbeats.cancel(false);
            registered = false;
            register();
        }
    }

    private void retry(String why) {
        registered = false;
        LOG.log(System.Logger.Level.WARNING, why + "; retrying in " + retryMs + " ms");
        try {
            thread.schedule(this::register, retryMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the node is stopping
        }
    }

    /** Final: the owner is told (and logs why); nothing more is sent. */
    private void stop(StrataException failure) {
        registered = false;
        thread.shutdown();
        events.fatal(failure);
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
