package io.strata.node.replication;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.OffsetForLeaderEpochRequest;
import io.strata.api.v1.OffsetForLeaderEpochResponse;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.api.v1.ReplicaFetchPartition;
import io.strata.api.v1.ReplicaFetchPartitionData;
import io.strata.api.v1.ReplicaFetchRequest;
import io.strata.api.v1.ReplicaFetchResponse;
import io.strata.node.log.PartitionLog;
import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replica.ReplicaRole;
import io.strata.node.replica.TopicPartition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Copies every partition this node follows on one leader node: one thread, one gRPC channel, and
 * one long-polled {@code ReplicaFetch} at a time carrying all those partitions. A partition that
 * just became a follower first asks the leader where its last epoch ends and truncates the tail
 * the leader never had; only then does it fetch. Fetched batches are appended byte for byte.
 *
 * <p>Errors of one partition (a stale epoch, a leader change) leave the others going; a lost
 * connection is retried after a short back-off until the metadata names another leader and the
 * fetcher is stopped.
 */
public final class ReplicaFetcher implements Runnable {

    private static final System.Logger LOG = System.getLogger(ReplicaFetcher.class.getName());
    private static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final int leaderId;
    private final String address;
    private final ReplicaManager replicas;
    private final int fetchWaitMs;
    private final int fetchBytes;
    private final ManagedChannel channel;
    private final PartitionServiceGrpc.PartitionServiceBlockingStub leader;
    private final Thread thread;
    private volatile boolean running = true;

    public ReplicaFetcher(int leaderId, String address, ReplicaManager replicas, int fetchWaitMs, int fetchBytes) {
        this.leaderId = leaderId;
        this.address = address;
        this.replicas = replicas;
        this.fetchWaitMs = fetchWaitMs;
        this.fetchBytes = fetchBytes;
        int colon = address.lastIndexOf(':');
        this.channel = ManagedChannelBuilder.forAddress(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1))).usePlaintext().build();
        this.leader = PartitionServiceGrpc.newBlockingStub(channel);
        this.thread = new Thread(this, "strata-fetcher-" + leaderId);
        this.thread.setDaemon(true);
    }

    public String address() {
        return address;
    }

    public void start() {
        thread.start();
    }

    public void stop() {
        running = false;
        thread.interrupt();
        channel.shutdownNow();
    }

    @Override
    public void run() {
        while (running) {
            try {
                List<Replica> following = following();
                if (following.isEmpty()) {
                    LockSupport.parkNanos(BACKOFF_NANOS);
                    continue;
                }
                following.stream().filter(r -> !((ReplicaRole.Following) r.role()).truncated()).forEach(this::truncate);
                fetch(following.stream().filter(r -> r.role() instanceof ReplicaRole.Following f && f.truncated()).toList());
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(System.Logger.Level.DEBUG, "fetch from node " + leaderId + " failed: " + GrpcErrors.fromStatus(e));
                    LockSupport.parkNanos(BACKOFF_NANOS);
                }
            }
        }
    }

    private List<Replica> following() {
        List<Replica> following = new ArrayList<>();
        for (Replica replica : replicas.replicas()) {
            if (replica.role() instanceof ReplicaRole.Following f && f.leaderId() == leaderId) {
                following.add(replica);
            }
        }
        return following;
    }

    /** Asks where this replica's last epoch ends on the leader, and cuts whatever lies beyond. */
    private void truncate(Replica replica) {
        ReplicaRole.Following role = (ReplicaRole.Following) replica.role();
        PartitionLog log = replica.log();
        try {
            OffsetForLeaderEpochResponse end = leader.withDeadlineAfter(10, TimeUnit.SECONDS).offsetForLeaderEpoch(
                    OffsetForLeaderEpochRequest.newBuilder().setTopic(replica.id().topic())
                            .setPartition(replica.id().partition()).setCurrentLeaderEpoch(role.leaderEpoch())
                            .setLastFetchedEpoch(log.latestEpoch()).build());
            long cut = end.getEpoch() < 0 && log.latestEpoch() >= 0 ? replica.highWatermark() : end.getEndOffset();
            if (end.getEpoch() >= 0 || log.latestEpoch() >= 0) {
                if (cut < log.logEndOffset()) {
                    LOG.log(System.Logger.Level.INFO, "truncating " + replica.id() + " from " + log.logEndOffset() + " to "
                            + cut + " (its epoch " + log.latestEpoch() + " ends there on leader " + leaderId + ")");
                }
                log.truncateTo(Math.max(0, cut));
            }
            if (replica.role().equals(role)) {
                replica.truncationDone(role);
            }
        } catch (RuntimeException e) {
            StrataException error = GrpcErrors.asStrataException(e);
            LOG.log(System.Logger.Level.DEBUG, "cannot truncate " + replica.id() + " yet: " + error);
            if (error.code() != ErrorCode.FENCED_LEADER_EPOCH && error.code() != ErrorCode.UNKNOWN_LEADER_EPOCH
                    && error.code() != ErrorCode.NOT_LEADER_OR_FOLLOWER) {
                throw e;
            }
        }
    }

    private void fetch(List<Replica> ready) {
        if (ready.isEmpty()) {
            LockSupport.parkNanos(BACKOFF_NANOS);
            return;
        }
        Map<TopicPartition, Replica> byId = new HashMap<>();
        ReplicaFetchRequest.Builder request = ReplicaFetchRequest.newBuilder().setReplicaId(replicas.nodeId())
                .setMaxWaitMs(fetchWaitMs).setMaxBytesPerPartition(fetchBytes);
        for (Replica replica : ready) {
            byId.put(replica.id(), replica);
            request.addPartitions(ReplicaFetchPartition.newBuilder().setTopic(replica.id().topic())
                    .setPartition(replica.id().partition()).setFetchOffset(replica.log().logEndOffset())
                    .setLeaderEpoch(replica.role().leaderEpoch()));
        }
        ReplicaFetchResponse response = leader.withDeadlineAfter(fetchWaitMs + 10_000L, TimeUnit.MILLISECONDS)
                .replicaFetch(request.build());
        for (ReplicaFetchPartitionData data : response.getPartitionsList()) {
            Replica replica = byId.get(new TopicPartition(data.getTopic(), data.getPartition()));
            if (replica != null && replica.role() instanceof ReplicaRole.Following f && f.leaderId() == leaderId) {
                apply(replica, data);
            }
        }
    }

    private void apply(Replica replica, ReplicaFetchPartitionData data) {
        PartitionLog log = replica.log();
        if (data.getErrorValue() == 0) {
            if (!data.getRecords().isEmpty()) {
                // Array-backed, as for a leader's append: the CRC32C check reads a read-only heap
                // buffer one byte at a time (kafka-clients' Checksums.update).
                log.appendAsFollower(ByteBuffer.wrap(data.getRecords().toByteArray()));
            }
            replica.followerHighWatermark(data.getHighWatermark());
            return;
        }
        if (data.getError() == ErrorCode.OFFSET_OUT_OF_RANGE) {
            if (log.logEndOffset() < data.getLogStartOffset()) {
                LOG.log(System.Logger.Level.WARNING, replica.id() + " is behind the leader's log start "
                        + data.getLogStartOffset() + ": starting over there");
                log.truncateFullyAndStartAt(data.getLogStartOffset());
            } else if (log.logEndOffset() > data.getLogEndOffset()) {
                LOG.log(System.Logger.Level.WARNING, replica.id() + " is ahead of its leader's log end "
                        + data.getLogEndOffset() + ": truncating");
                log.truncateTo(data.getLogEndOffset());
            }
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "leader " + leaderId + " refused the fetch of " + replica.id() + ": "
                + data.getError() + " " + data.getErrorMessage());
    }
}
