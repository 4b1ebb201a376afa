package io.strata.gateway.metrics;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.strata.api.error.GrpcErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Counts the error code of every gRPC call the gateway answers with a failure (read back from
 * the status and its error-code trailer, as clients read it) in {@link GatewayMetrics}.
 * Stateless; runs on whichever thread closes the call.
 */
@GlobalInterceptor
@ApplicationScoped
public class GrpcErrorCounter implements ServerInterceptor {

    @Inject
    GatewayMetrics metrics;

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                if (!status.isOk()) {
                    metrics.failed("grpc", GrpcErrors.fromStatus(status.asRuntimeException(trailers)).code());
                }
                super.close(status, trailers);
            }
        }, headers);
    }
}
