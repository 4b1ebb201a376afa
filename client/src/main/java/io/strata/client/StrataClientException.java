package io.strata.client;

import io.strata.api.error.ErrorStatus;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.Objects;

/**
 * A failure the client reports to its caller: thrown by blocking calls, and the cause of every
 * failed future. It carries the shared {@link ErrorCode} (as the gateway sent it, or the nearest
 * code for a transport failure), so callers can tell a full disk from a missing topic without
 * parsing messages.
 */
public class StrataClientException extends RuntimeException {

    private final ErrorCode code;

    public StrataClientException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public StrataClientException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The client-side view of any failure: a gRPC status, a StrataException, or anything unexpected. */
    public static StrataClientException of(Throwable failure) {
        if (failure instanceof StrataClientException client) {
            return client;
        }
        StrataException strata = GrpcErrors.asStrataException(failure);
        return new StrataClientException(strata.code(), strata.getMessage(), failure);
    }

    public ErrorCode code() {
        return code;
    }

    /** Whether the same request may succeed if tried again (the shared table in {@link ErrorStatus}). */
    public boolean retriable() {
        return ErrorStatus.of(code).retriable();
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
