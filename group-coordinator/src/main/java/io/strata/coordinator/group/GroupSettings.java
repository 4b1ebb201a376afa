package io.strata.coordinator.group;

/**
 * The limits every group of a coordinator runs with.
 *
 * @param sessionTimeoutMs          a member without a heartbeat for this long is removed
 * @param heartbeatIntervalMs       how often members are told to heartbeat (well below the session timeout)
 * @param reconcileIntervalMs       how often a member is told to heartbeat while its assignment is not yet its
 *                                  target (partitions to give up, or partitions to receive once others give
 *                                  them up): its next heartbeat may bring news, so it should not wait long
 * @param defaultRebalanceTimeoutMs how long a member may hold partitions it was asked to revoke, when it names no limit
 * @param historyLimit              how many assignment events a group keeps
 */
public record GroupSettings(int sessionTimeoutMs, int heartbeatIntervalMs, int reconcileIntervalMs,
                            int defaultRebalanceTimeoutMs, int historyLimit) {

    public GroupSettings {
        if (sessionTimeoutMs < 1 || heartbeatIntervalMs < 1 || defaultRebalanceTimeoutMs < 1 || historyLimit < 1) {
            throw new IllegalArgumentException("group settings must be positive: " + sessionTimeoutMs + " ms session, "
                    + heartbeatIntervalMs + " ms heartbeat, " + defaultRebalanceTimeoutMs + " ms rebalance, "
                    + historyLimit + " events");
        }
        if (heartbeatIntervalMs >= sessionTimeoutMs) {
            throw new IllegalArgumentException("heartbeat interval " + heartbeatIntervalMs
                    + " ms must be below the session timeout " + sessionTimeoutMs + " ms");
        }
        if (reconcileIntervalMs < 1 || reconcileIntervalMs > heartbeatIntervalMs) {
            throw new IllegalArgumentException("reconcile heartbeat interval " + reconcileIntervalMs
                    + " ms must be between 1 ms and the heartbeat interval " + heartbeatIntervalMs + " ms");
        }
    }
}
