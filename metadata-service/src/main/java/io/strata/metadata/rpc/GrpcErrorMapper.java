package io.strata.metadata.rpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.ExceptionHandler;
import io.quarkus.grpc.ExceptionHandlerProvider;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionException;

/**
 * The service's one error mapper: every failure of an RPC leaves as the gRPC status of its
 * {@link ErrorCode} (from the shared {@code ErrorStatus} table) with the {@code strata-error-code}
 * trailer. A failure that is not a {@link StrataException} is a bug or an outage: it is logged with
 * its stack trace and answered as UNKNOWN_SERVER_ERROR.
 */
@ApplicationScoped
public class GrpcErrorMapper implements ExceptionHandlerProvider {

    private static final Logger LOG = Logger.getLogger(GrpcErrorMapper.class);

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

    /** The status and trailers for a failure; public for its unit test. */
    public static StatusRuntimeException toStatus(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (!(cause instanceof StrataException) && !(cause instanceof StatusRuntimeException)) {
            LOG.errorf(cause, "unexpected failure of a metadata RPC");
        }
        return GrpcErrors.toStatus(cause);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof StrataException) {
            return cause;
        }
        // Hibernate and Mutiny may wrap a StrataException thrown inside a transaction.
        for (Throwable inner = cause.getCause(); inner != null; inner = inner.getCause()) {
            if (inner instanceof StrataException strata) {
                return strata;
            }
        }
        return cause;
    }
}
