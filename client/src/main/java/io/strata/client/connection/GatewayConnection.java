package io.strata.client.connection;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.strata.api.aliasing.AliasedResponses;
import io.strata.api.error.GrpcErrors;
import io.strata.api.scram.BasicAuthorization;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GatewayServiceGrpc;
import io.strata.client.StrataClientException;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The channels of one client to its gateways ({@code bootstrap.servers}). Calls go to the current
 * gateway; a call that fails in transport (gateway down, connection cut, deadline passed) moves
 * the client to the next one, so that a retry reaches a live gateway while the failed one is
 * reconnected in the background. Gateways are interchangeable: each routes to every partition.
 *
 * <p>Thread-safe. One channel per gateway, created at start; gRPC multiplexes every call of the
 * client over it, and reconnects it by itself after a gateway restarts.
 */
public final class GatewayConnection implements AutoCloseable {

    /**
     * Fetch answers parsed with one copy, their records a view of it ({@link AliasedResponses});
     * {@code -Dstrata.client.aliased-answers=false} parses them as grpc-java does, with two.
     */
    private static final boolean ALIASED_ANSWERS = Boolean.parseBoolean(System.getProperty("strata.client.aliased-answers", "true"));

    private final List<GatewayAddress> servers;
    private final ManagedChannel[] channels;
    private final GatewayServiceGrpc.GatewayServiceStub[] asyncStubs;
    private final GatewayServiceGrpc.GatewayServiceBlockingStub[] blockingStubs;
    private final AtomicInteger current = new AtomicInteger();

    /**
     * @param maxInboundBytes the largest answer accepted (fetches bring up to one partition's fetch size)
     * @param security TLS (when a CA file is set) and the credentials sent with every call (when set)
     */
    public GatewayConnection(List<GatewayAddress> servers, int maxInboundBytes, GatewaySecurity security) {
        this.servers = List.copyOf(servers);
        int count = servers.size();
        channels = new ManagedChannel[count];
        asyncStubs = new GatewayServiceGrpc.GatewayServiceStub[count];
        blockingStubs = new GatewayServiceGrpc.GatewayServiceBlockingStub[count];
        ChannelCredentials channelCredentials = security.channelCredentials();
        for (int i = 0; i < count; i++) {
            GatewayAddress address = servers.get(i);
            NettyChannelBuilder builder = NettyChannelBuilder.forAddress(address.host(), address.port(), channelCredentials)
                    .maxInboundMessageSize(maxInboundBytes);
            security.credentials().ifPresent(given -> builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers(given))));
            if (ALIASED_ANSWERS) {
                builder.intercept(AliasedResponses.of(GatewayServiceGrpc.getFetchMethod(),
                        GatewayServiceGrpc.getFetchPartitionsMethod()));
            }
            channels[i] = builder.build();
            asyncStubs[i] = GatewayServiceGrpc.newStub(channels[i]);
            blockingStubs[i] = GatewayServiceGrpc.newBlockingStub(channels[i]);
        }
        // Start at a random gateway, so many clients with the same list spread over the gateways.
        current.set(count == 1 ? 0 : java.util.concurrent.ThreadLocalRandom.current().nextInt(count));
    }

    private static Metadata headers(BasicAuthorization credentials) {
        Metadata headers = new Metadata();
        headers.put(BasicAuthorization.GRPC_KEY, credentials.header());
        return headers;
    }

    /** The gateway calls go to now; pass it back to {@link #failed} when a call on it fails in transport. */
    public int current() {
        return current.get();
    }

    public GatewayServiceGrpc.GatewayServiceStub async(int gateway) {
        return asyncStubs[gateway];
    }

    public GatewayServiceGrpc.GatewayServiceBlockingStub blocking(int gateway) {
        return blockingStubs[gateway];
    }

    /** The gateway's consumer-group API (membership, commits), served on the same channel. */
    public io.strata.api.v1.GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub groups(int gateway) {
        return io.strata.api.v1.GroupCoordinatorServiceGrpc.newBlockingStub(channels[gateway]);
    }

    public GatewayAddress address(int gateway) {
        return servers.get(gateway);
    }

    /**
     * A call on {@code gateway} failed in transport: later calls go to the next gateway (unless
     * another caller moved on already), and the failed channel reconnects without its back-off,
     * so a restarted gateway is used again as soon as it is back.
     */
    public void failed(int gateway) {
        channels[gateway].resetConnectBackoff();
        current.compareAndSet(gateway, (gateway + 1) % channels.length);
    }

    /** Whether a failure is the transport's, not an answer of a gateway: see {@link GrpcErrors#isTransportFailure}. */
    public static boolean isTransportFailure(Throwable failure) {
        return GrpcErrors.isTransportFailure(failure);
    }

    /**
     * The failure of a call on {@code gateway} as callers deal with it: a transport failure moves
     * the client to the next gateway and becomes a retriable NODE_NOT_AVAILABLE (or
     * REQUEST_TIMED_OUT for a passed deadline) naming the gateway; a gateway's answer keeps its code.
     */
    public StrataClientException failure(Throwable failure, int gateway) {
        if (!isTransportFailure(failure)) {
            return StrataClientException.of(failure);
        }
        failed(gateway);
        Status status = Status.fromThrowable(failure);
        ErrorCode code = status.getCode() == Status.Code.DEADLINE_EXCEEDED ? ErrorCode.REQUEST_TIMED_OUT : ErrorCode.NODE_NOT_AVAILABLE;
        return new StrataClientException(code, "gateway " + address(gateway) + ": " + status.getCode()
                + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")"), failure);
    }

    @Override
    public void close() {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels) {
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
