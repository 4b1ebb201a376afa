package io.strata.api.error;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every Strata service's one place where failures become gRPC statuses: each failure leaves as
 * the status of its {@link io.strata.api.v1.ErrorCode} (from {@link ErrorStatus}) with the
 * {@code strata-error-code} trailer. A failure that is not a {@link StrataException} is a bug or
 * an outage: it is logged with its stack trace and answered as UNKNOWN_SERVER_ERROR.
 *
 * <p>It is a bean of this (Jandex-indexed) module, so every Quarkus service that depends on the
 * api picks it up; no service writes its own.
 */
@ApplicationScoped
public class GrpcErrorMapper implements ExceptionHandlerProvider {

    private static final System.Logger LOG = System.getLogger(GrpcErrorMapper.class.getName());

    @Override
    public <ReqT, RespT> ExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
                                                                     ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new ExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable failure, ServerCall<ReqT, RespT> serverCall, Metadata headers) {
                StatusRuntimeException status = toStatus(failure);
                serverCall.close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
            }
        };
    }

    @Override
    public Throwable transform(Throwable failure) {
        return toStatus(failure);
    }

    /** The status and trailers a failure leaves with. */
    public static StatusRuntimeException toStatus(Throwable failure) {
        StatusRuntimeException status = GrpcErrors.toStatus(failure);
        if (status.getStatus().getCode() == Status.Code.INTERNAL) {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure of an RPC", failure);
        }
        return status;
    }
}
