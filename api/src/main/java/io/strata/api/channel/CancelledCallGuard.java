package io.strata.api.channel;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every Strata service's server calls write nothing once their caller has cancelled them.
 *
 * <p>Why: Vert.x gRPC's service bridge (which serves every service's gRPC port) still writes a late
 * answer to a call whose client reset the stream (a deadline that passed, a caller that went
 * away). On the connection the stream is gone, and the write makes the HTTP/2 layer try to open a
 * server stream under the client's odd stream id, a connection error ("Request stream 15 is not
 * correct for server connection") that closes the whole connection with GOAWAY PROTOCOL_ERROR and
 * fails every other call on it: a node's ISR batch that outlived its deadline broke the
 * controller's other calls; a watch stream in a metadata-service test failed beside a cancelled
 * call. The zero-copy routes have the same guard in {@code zerocopy/DirectServerCall}.
 *
 * <p>Invariant: after {@link ServerCall#isCancelled()} turns true (set on the call's event loop
 * when the RST_STREAM arrives), no headers, message or status of the call reach the transport. An
 * answer written by another thread at the very moment the cancel arrives may still get through;
 * that window is a write's length, not a long poll's.
 *
 * <p>A bean of this Jandex-indexed module, so every Quarkus service that depends on the api has it;
 * the highest priority, so it wraps the transport's call and every other interceptor writes
 * through it. Stateless; the wrapper is as thread-safe as the call it wraps.
 */
@GlobalInterceptor
@ApplicationScoped
@Priority(Integer.MAX_VALUE)
public class CancelledCallGuard implements ServerInterceptor {

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        return next.startCall(new Guarded<>(call), headers);
    }

    static final class Guarded<Q, A> extends ForwardingServerCall.SimpleForwardingServerCall<Q, A> {

        Guarded(ServerCall<Q, A> call) {
            super(call);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            if (!isCancelled()) {
                super.sendHeaders(headers);
            }
        }

        @Override
        public void sendMessage(A message) {
            if (!isCancelled()) {
                super.sendMessage(message);
            }
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!isCancelled()) {
                super.close(status, trailers);
            }
        }
    }
}
