package io.strata.api.channel;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.strata.api.error.GrpcErrors;

/**
 * Makes a channel's next call try to connect at once after a call failed for want of a
 * connection, instead of waiting out grpc-java's reconnect backoff.
 *
 * <p>Why: grpc-java backs off between connection attempts up to two minutes, and while it waits
 * every call fails at once without trying. After a peer was down for a minute (a restarted
 * metadata service, a partition node started again) its callers went on failing for up to half a
 * minute more although it was back: the nodes missed their lease and were declared dead, the
 * gateway kept stale leaders. The callers here all retry on their own bounded schedule (heartbeat
 * interval, fetch backoff, watch resume), so connecting on their next call keeps the attempt rate
 * theirs, not one per failed call of a tight loop.
 *
 * <p>Rule: a call that closes UNAVAILABLE without a Strata error code (a transport failure, see
 * {@link GrpcErrors#isTransportFailure}) resets the channel's connect backoff.
 *
 * <p>Thread-safety: stateless; {@link ManagedChannel#resetConnectBackoff()} is thread-safe.
 */
public final class ReconnectAfterFailure extends CallCloseInterceptor {

    private final ManagedChannel channel;

    private ReconnectAfterFailure(ManagedChannel channel) {
        this.channel = channel;
    }

    /** {@code channel} for stubs, with this rule; shut down {@code channel} itself. */
    public static Channel wrap(ManagedChannel channel) {
        return ClientInterceptors.intercept(channel, new ReconnectAfterFailure(channel));
    }

    @Override
    protected Status onClose(Status status, Metadata trailers) {
        if (status.getCode() == Status.Code.UNAVAILABLE && GrpcErrors.isTransportFailure(status.asRuntimeException(trailers))) {
            channel.resetConnectBackoff();
        }
        return status;
    }
}
