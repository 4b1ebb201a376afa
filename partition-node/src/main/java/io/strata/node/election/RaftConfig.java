package io.strata.node.election;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Settings of the raft group that elects the controller ({@code strata.node.raft.*}; as environment
 * variables e.g. {@code STRATA_NODE_RAFT_MEMBERS}). Without {@link #members()} the node runs
 * without a controller (stand-alone mode).
 */
@ConfigMapping(prefix = "strata.node.raft")
public interface RaftConfig {

    /**
     * Every partition node of the group as {@code id@host:port}, comma-separated, e.g.
     * {@code 1@127.0.0.1:7801,2@127.0.0.1:7802,3@127.0.0.1:7803}; it must list this node's
     * {@code strata.node.id}. The raft id of a node is its node id. Unset: no election.
     */
    Optional<String> members();

    /** The JGroups TCP port this node listens on; unset: the port of its own entry in members (it must match if set). */
    OptionalInt port();

    /** The address JGroups binds to; unset: the host of this node's entry in members. */
    Optional<String> bindAddress();

    /** Where raft keeps its term, vote and log; unset: {@code <strata.node.data-dir>/raft}. */
    Optional<Path> logDir();

    /** The JGroups stack: a class-path resource or file (members, ports, raft id and log dir are filled in). */
    @WithDefault("strata-raft-tcp.xml")
    String stack();

    /** The longest a ClaimController or ElectLeaders call may take. */
    @WithDefault("5s")
    Duration requestTimeout();

    /** How often the controller re-checks leadership and retries a claim or election that failed. */
    @WithDefault("500ms")
    Duration recheckInterval();

    /**
     * The most elections in one ElectLeaders request: a node's loss at thousands of partitions is
     * sent as several requests, each committing alone well within {@link #requestTimeout()} (the
     * metadata service allows at most its own limit, {@code strata.metadata.max-elections-per-request}).
     */
    @WithDefault("200")
    int electionBatchSize();

    /**
     * How long after joining the group a node UP in the metadata but never seen in the group still
     * counts as live (it may still be starting); a node seen and then gone is dead at once.
     */
    @WithDefault("10s")
    Duration joinGrace();

    /** Whether leadership moves back to the preferred replica once it is live and in the ISR again. */
    @WithDefault("true")
    boolean preferredLeaderElection();

    /** How long to wait before trying again when joining the group fails. */
    @WithDefault("2s")
    Duration connectRetryInterval();
}
