package io.strata.node.rpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import io.strata.api.error.GrpcErrors;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The node's one place where failures become gRPC statuses: every exception leaves as the status
 * of its {@link io.strata.api.v1.ErrorCode} with the {@code strata-error-code} trailer.
 */
@ApplicationScoped
public class GrpcErrorMapper implements ExceptionHandlerProvider {

    private static final System.Logger LOG = System.getLogger(GrpcErrorMapper.class.getName());

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
                                                                     ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata trailers) {
                StatusRuntimeException status = toStatus(failure);
                trailers.merge(status.getTrailers());
                serverCall.close(status.getStatus(), trailers);
            }
        };
    }

    @Override
    public Throwable transform(Throwable failure) {
        return toStatus(failure);
    }

    private static StatusRuntimeException toStatus(Throwable failure) {
        StatusRuntimeException status = GrpcErrors.toStatus(failure);
        if (status.getStatus().getCode() == io.grpc.Status.Code.INTERNAL) {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure", failure);
        }
        return status;
    }
}
