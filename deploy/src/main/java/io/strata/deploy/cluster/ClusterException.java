package io.strata.deploy.cluster;

/** A cluster command cannot do its job; the message says why and, where it can, what to do. */
public final class ClusterException extends RuntimeException {

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
