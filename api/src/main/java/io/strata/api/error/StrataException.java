package io.strata.api.error;

import io.strata.api.v1.ErrorCode;

import java.util.Objects;

/**
 * A failure that carries one of the shared {@link ErrorCode}s and a message naming what was wrong.
 * Services throw it from any layer; the one error mapper of each service turns it into a gRPC
 * status or an HTTP problem, and clients turn such answers back into it, so the code survives
 * every hop unchanged.
 */
public class StrataException extends RuntimeException {

    private final ErrorCode code;

    public StrataException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public StrataException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    /** Whether the same request may succeed if tried again later (possibly after a metadata refresh). */
    public boolean retriable() {
        return ErrorStatus.of(code).retriable();
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
