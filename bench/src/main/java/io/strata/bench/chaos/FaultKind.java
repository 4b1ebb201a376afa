package io.strata.bench.chaos;

/**
 * What the nemesis can do to the cluster. Each fault lasts a bounded time and is then healed:
 * a killed process is started again on its data, a paused one continued, a cut link healed.
 */
enum FaultKind {
    /** SIGKILL of the node that leads a partition. */
    KILL_LEADER,
    /** SIGKILL of a node that follows a partition (and leads none of the chosen partition). */
    KILL_FOLLOWER,
    /** SIGKILL of the controller: the node that is the raft leader. */
    KILL_CONTROLLER,
    /** SIGSTOP of a partition's leader, SIGCONT at heal. */
    PAUSE_LEADER,
    /** SIGSTOP of a partition's follower. */
    PAUSE_FOLLOWER,
    /** SIGSTOP of the controller. */
    PAUSE_CONTROLLER,
    KILL_METADATA_SERVICE,
    PAUSE_METADATA_SERVICE,
    /** SIGKILL of PostgreSQL: its launcher, the postmaster and every backend. */
    KILL_POSTGRES,
    /** SIGSTOP of the postmaster and every backend. */
    PAUSE_POSTGRES,
    KILL_GROUP_COORDINATOR,
    PAUSE_GROUP_COORDINATOR,
    KILL_GATEWAY,
    PAUSE_GATEWAY,
    /** A network partition between partition node 3 and the metadata service (through a {@link FaultProxy}). */
    PARTITION_NODE_FROM_METADATA,
    /** A network partition between the gateway and the metadata service. */
    PARTITION_GATEWAY_FROM_METADATA,
    /**
     * A network partition that cuts every connection to partition node 3 (it advertises a
     * {@link FaultProxy}): the other nodes' fetches from it and the gateway's requests to it.
     */
    PARTITION_NODE_FROM_PEERS,
    /** Partition node 3's data directory (a small tmpfs of its own) filled to the last byte; emptied at heal. */
    FILL_DISK,
    /**
     * SIGKILL of a partition's leader, started again and SIGKILLed again as soon as it answers
     * health checks: while it recovers its logs, truncates and catches up.
     */
    KILL_RECOVERING_LEADER,
    /** Two single faults (of the kinds above) at once. */
    TWO_AT_ONCE,
    /** Every partition node in turn: SIGTERM, start again, wait for it to rejoin every ISR. */
    ROLLING_RESTART;

    /** The kinds that are one fault (all but {@link #TWO_AT_ONCE}, {@link #ROLLING_RESTART}). */
    static final FaultKind[] SINGLE = java.util.Arrays.stream(values())
            .filter(kind -> kind != TWO_AT_ONCE && kind != ROLLING_RESTART).toArray(FaultKind[]::new);

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
