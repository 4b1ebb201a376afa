package io.strata.client.connection;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.strata.api.aliasing.AliasedResponses;
import io.strata.api.error.GrpcErrors;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.client.StrataClientException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A consumer's channels to partition leaders, for reading from them directly while a gateway offers
 * their addresses ({@code FetchPartitionsResponse.leader_addresses}): one hop instead of two, so
 * neither the gateway's CPU nor its second trip is on the read path. Everything else (finding
 * leaders and positions, groups, commits) still goes through the gateway.
 *
 * <p>Invariants:
 * <ul>
 *   <li>A leader is read directly only while the last gateway answer that named leaders offered
 *       its address. An answer naming leaders without addresses withdraws them all: the gateway
 *       decides (it offers none when it checks credentials or ACLs, or the cluster is secured), so a
 *       gateway that starts checking is obeyed from its next answer.</li>
 *   <li>A consumer that sends credentials or trusts a CA file never reads directly: the nodes'
 *       channels would be neither authenticated nor encrypted.</li>
 *   <li>A direct call that fails in transport, or that the node refuses (UNAUTHENTICATED,
 *       PERMISSION_DENIED, UNIMPLEMENTED), sends that leader's partitions back through the gateway
 *       for {@code retryAfterMs}, doubled after each further failure in a row (at most 16 times)
 *       until a direct answer comes: an unreachable or refusing address (a node address only
 *       resolvable inside the cluster's network, say) costs one failed call per period, never the
 *       read itself (the caller retries it through the gateway). A connection attempt gives up
 *       after {@link #CONNECT_TIMEOUT_MS}, so an address that drops packets does not hold the
 *       partitions for a whole request timeout.</li>
 * </ul>
 *
 * <p>Thread-safety: every method may be called from any thread. One channel per address, opened on
 * first use; channels stay open until {@link #close}: their number is bounded by the addresses seen.
 */
public final class LeaderConnections implements AutoCloseable {

    /** How long a connection to a leader may take before its call fails (and its partitions go through the gateway). */
    static final int CONNECT_TIMEOUT_MS = 5_000;
    /** The most times {@code retryAfterMs} is doubled for failures in a row. */
    private static final int MAX_DOUBLINGS = 4;

    private final boolean enabled;
    private final int maxInboundBytes;
    private final long retryAfterNanos;
    private final Map<Integer, String> addresses = new ConcurrentHashMap<>();
    private final Map<Integer, Long> viaGatewayUntil = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> failuresInARow = new ConcurrentHashMap<>();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, PartitionServiceGrpc.PartitionServiceStub> stubs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param enabled         {@code fetch.from.leaders}; forced off when {@code security} sends credentials or uses TLS
     * @param maxInboundBytes the largest answer accepted, as on the gateway's channels
     * @param retryAfterMs    how long a leader whose direct call failed is read through the gateway
     */
    public LeaderConnections(boolean enabled, GatewaySecurity security, int maxInboundBytes, long retryAfterMs) {
        this.enabled = enabled && security.credentials().isEmpty() && security.tlsCaFile().isEmpty();
        this.maxInboundBytes = maxInboundBytes;
        this.retryAfterNanos = TimeUnit.MILLISECONDS.toNanos(retryAfterMs);
    }

    /** Takes the leader addresses a gateway's FetchPartitions answer offers, or their withdrawal. */
    public void learn(FetchPartitionsResponse response) {
        if (!enabled || response.getLeadersCount() == 0) {
            return;
        }
        if (response.getLeaderAddressesCount() == 0) {
            addresses.clear();
            return;
        }
        addresses.putAll(response.getLeaderAddressesMap());
    }

    /** The stub that reads {@code leader}'s partitions from it directly, or null: read through the gateway. */
    public PartitionServiceGrpc.PartitionServiceStub direct(int leader) {
        if (!enabled || closed || leader < 0) {
            return null;
        }
        String address = addresses.get(leader);
        if (address == null) {
            return null;
        }
        Long until = viaGatewayUntil.get(leader);
        if (until != null) {
            if (until - System.nanoTime() > 0) {
                return null;
            }
            viaGatewayUntil.remove(leader, until);
        }
        return stubs.computeIfAbsent(address, a -> PartitionServiceGrpc.newStub(channels.computeIfAbsent(a, this::open)));
    }

    private ManagedChannel open(String address) {
        return NettyChannelBuilder.forTarget(address).usePlaintext().maxInboundMessageSize(maxInboundBytes)
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .intercept(AliasedResponses.of(PartitionServiceGrpc.getFetchPartitionsMethod()))
                .build();
    }

    /**
     * The failure of a direct call to {@code leader} as the caller deals with it. A transport
     * failure or a refusal sends the leader's partitions through the gateway for a while and becomes
     * a retriable NODE_NOT_AVAILABLE naming the leader, so the partitions are fetched again (through
     * the gateway) after the usual back-off; a node's answer keeps its code.
     */
    public StrataClientException failure(Throwable failure, int leader) {
        Status status = Status.fromThrowable(failure);
        boolean refused = status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED
                || status.getCode() == Status.Code.UNIMPLEMENTED;
        if (!refused && !GrpcErrors.isTransportFailure(failure)) {
            return StrataClientException.of(failure);
        }
        int failures = failuresInARow.merge(leader, 1, Integer::sum);
        long waitNanos = retryAfterNanos << Math.min(failures - 1, MAX_DOUBLINGS);
        viaGatewayUntil.put(leader, System.nanoTime() + waitNanos);
        return new StrataClientException(ErrorCode.NODE_NOT_AVAILABLE, "leader " + leader + " at " + addresses.get(leader)
                + ": " + status.getCode() + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")")
                + "; its partitions are read through the gateway for the next "
                + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms", failure);
    }

    /** A direct call to {@code leader} was answered: its next failure waits {@code retryAfterMs} again. */
    public void answered(int leader) {
        failuresInARow.remove(leader);
    }

    @Override
    public void close() {
        closed = true;
        channels.values().forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel channel : channels.values()) {
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
