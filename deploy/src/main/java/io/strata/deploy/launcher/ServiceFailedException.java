package io.strata.deploy.launcher;

/**
 * A service process did not become healthy: it exited, or the wait timed out. The message names
 * the service, its pid, the reason and ends with the last lines of its log file, so a failing test
 * or {@code ./strata up} shows why without anyone opening the log.
 */
public final class ServiceFailedException extends RuntimeException {

    private final String serviceName;
    private final String logTail;

    public ServiceFailedException(String serviceName, String reason, String logTail) {
        super(serviceName + ": " + reason + "\n--- last lines of its log ---\n" + logTail);
        this.serviceName = serviceName;
        this.logTail = logTail;
    }

    public String serviceName() {
        return serviceName;
    }

    public String logTail() {
        return logTail;
    }
}
