package io.strata.coordinator.group;

/**
 * The limits every group of a coordinator runs with.
 *
 * @param sessionTimeoutMs          a member without a heartbeat for this long is removed
 * @param heartbeatIntervalMs       how often members are told to heartbeat (well below the session timeout)
 * @param defaultRebalanceTimeoutMs how long a member may hold partitions it was asked to revoke, when it names no limit
 * @param historyLimit              how many assignment events a group keeps
 */
public record GroupSettings(int sessionTimeoutMs, int heartbeatIntervalMs, int defaultRebalanceTimeoutMs, int historyLimit) {

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
    }
}
