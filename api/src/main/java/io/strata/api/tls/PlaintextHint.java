package io.strata.api.tls;

import io.grpc.Metadata;
import io.grpc.Status;
import io.strata.api.channel.CallCloseInterceptor;
import io.strata.api.error.GrpcErrors;

/**
 * On a plaintext channel, says "TLS" when a call fails for want of a connection: a plaintext
 * client that dials a TLS-only port sees the connection closed without a word from the server
 * (grpc-java: "Network closed for unknown reason"), and that alone sends people hunting for a dead
 * process. The status code stays UNAVAILABLE (callers retry on it); only its description grows.
 *
 * <p>Thread-safety: stateless.
 */
final class PlaintextHint extends CallCloseInterceptor {

    private final String target;

    PlaintextHint(String target) {
        this.target = target;
    }

    @Override
    protected Status onClose(Status status, Metadata trailers) {
        if (status.getCode() != Status.Code.UNAVAILABLE || !GrpcErrors.isTransportFailure(status.asRuntimeException(trailers))) {
            return status;
        }
        return status.augmentDescription("plaintext channel to " + target + ": if it serves TLS only,"
                + " set strata.tls.ca-file (STRATA_TLS_CA_FILE) to the cluster CA");
    }
}
