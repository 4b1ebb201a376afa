package io.strata.kafka.sasl;

/**
 * A SASL exchange that failed. {@link #getMessage()} is what the client is told
 * (SASL_AUTHENTICATION_FAILED's error message): it names nothing secret and does not say whether
 * the user exists. {@link #reason()} is what the server logs: why, still without any secret.
 */
public final class AuthenticationFailure extends RuntimeException {

    private final String reason;

    public AuthenticationFailure(String clientMessage, String reason) {
        super(clientMessage, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** The cause a SASL stage failed with, out of its {@link java.util.concurrent.CompletionException} wrapper. */
    static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
