package io.strata.api.error;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.strata.api.v1.ErrorCode;

/**
 * Carries an {@link ErrorCode} across gRPC: servers attach it as the {@code strata-error-code}
 * trailer beside the status from {@link ErrorStatus}; clients read it back. A status without the
 * trailer (a transport failure, a deadline) is given the nearest code, so callers always deal in
 * {@link StrataException}s.
 */
public final class GrpcErrors {

    public static final Metadata.Key<String> ERROR_CODE_KEY =
            Metadata.Key.of("strata-error-code", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcErrors() {
    }

    /** The status and trailers a server answers with for this failure. */
    public static StatusRuntimeException toStatus(Throwable failure) {
        StrataException error = asStrataException(failure);
        Metadata trailers = new Metadata();
        trailers.put(ERROR_CODE_KEY, error.code().name());
        Status status = Status.fromCode(ErrorStatus.of(error.code()).grpc())
                .withDescription(error.getMessage());
        return status.asRuntimeException(trailers);
    }

    /** The failure a client sees for a failed call, with the server's code when it sent one. */
    public static StrataException fromStatus(Throwable failure) {
        if (failure instanceof StrataException strata) {
            return strata;
        }
        Status status = Status.fromThrowable(failure);
        Metadata trailers = Status.trailersFromThrowable(failure);
        String name = trailers == null ? null : trailers.get(ERROR_CODE_KEY);
        ErrorCode code = name == null ? codeForBareStatus(status) : parse(name);
        String message = status.getDescription() != null ? status.getDescription() : status.getCode().name();
        return new StrataException(code, message, failure);
    }

    /**
     * The StrataException a failure stands for: itself, the one it wraps (futures, Mutiny and
     * Hibernate wrap failures thrown inside them), the one a status carries, or else an
     * UNKNOWN_SERVER_ERROR naming the unexpected failure.
     */
    public static StrataException asStrataException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StrataException strata) {
                return strata;
            }
            if (cause instanceof StatusRuntimeException || cause instanceof StatusException) {
                return fromStatus(cause);
            }
        }
        return new StrataException(ErrorCode.UNKNOWN_SERVER_ERROR,
                "unexpected " + failure.getClass().getSimpleName() + ": " + failure.getMessage(), failure);
    }

    private static ErrorCode parse(String name) {
        try {
            return ErrorCode.valueOf(name);
        } catch (IllegalArgumentException unknown) {
            return ErrorCode.UNKNOWN_SERVER_ERROR;
        }
    }

    /**
     * Whether a failed call never reached the server's logic: every answer of a Strata server
     * carries the {@code strata-error-code} trailer, so an UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL
     * or UNKNOWN status without it came from the transport (peer down or too slow, or the HTTP/2
     * connection torn down: a GOAWAY with PROTOCOL_ERROR arrives as a bare INTERNAL), and so did a
     * bare RESOURCE_EXHAUSTED that a GOAWAY brought ({@link #isGoawayResourceExhausted}).
     */
    public static boolean isTransportFailure(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        Status.Code code = status.getCode();
        if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED
                && code != Status.Code.INTERNAL && code != Status.Code.UNKNOWN && !isGoawayResourceExhausted(status)) {
            return false;
        }
        Metadata trailers = Status.trailersFromThrowable(failure);
        return trailers == null || trailers.get(ERROR_CODE_KEY) == null;
    }

    /**
     * Whether a status is a connection the peer closed with GOAWAY ENHANCE_YOUR_CALM: grpc-java maps
     * that HTTP/2 error to RESOURCE_EXHAUSTED "Bandwidth exhausted" and fails every call still on
     * the connection with it (a server's rapid-reset protection closes the connection when a
     * client resets too many streams: "Maximum number of RST frames reached"). The call was cut
     * off, not refused: as any broken connection, it is NODE_NOT_AVAILABLE. A RESOURCE_EXHAUSTED
     * for another reason (a message above the channel's maximum size) is not.
     */
    private static boolean isGoawayResourceExhausted(Status status) {
        String description = String.valueOf(status.getDescription());
        return status.getCode() == Status.Code.RESOURCE_EXHAUSTED
                && (description.contains("GOAWAY") || description.contains("Goaway") || description.contains("Bandwidth exhausted")
                || description.contains("ENHANCE_YOUR_CALM"));
    }

    /**
     * The code of a status that carries none. A broken connection is NODE_NOT_AVAILABLE, which
     * callers retry: the call may or may not have been carried out, so only calls that are safe to
     * repeat (reads, idempotent produce) are retried on it. This is the one place a transport
     * failure gets its code, so every caller (gateway, nodes, clients) retries the same ones.
     */
    private static ErrorCode codeForBareStatus(Status status) {
        if (isGoawayResourceExhausted(status)) {
            return ErrorCode.NODE_NOT_AVAILABLE;
        }
        return switch (status.getCode()) {
            case UNAVAILABLE, INTERNAL, UNKNOWN -> ErrorCode.NODE_NOT_AVAILABLE;
            case DEADLINE_EXCEEDED -> ErrorCode.REQUEST_TIMED_OUT;
            case INVALID_ARGUMENT -> ErrorCode.INVALID_REQUEST;
            case NOT_FOUND -> ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
            case UNAUTHENTICATED, PERMISSION_DENIED -> ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
            default -> ErrorCode.UNKNOWN_SERVER_ERROR;
        };
    }
}
